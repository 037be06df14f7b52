#include "icsview/base/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "icsview/base/util.h"

const char *env_value(const char *name)
{
	const char *value = getenv(name);

	return value && *value ? value : NULL;
}

char *real_dir(const char *dir)
{
	char *real = realpath(dir, NULL);

	return real ? real : xstrdup(dir);
}

char *temp_path(const char *name)
{
	const char *tmp = env_value("TMPDIR");
	char *dir = real_dir(tmp ? tmp : "/tmp");
	char *path = xasprintf("%s/%s", dir, name);

	free(dir);
	return path;
}

/* An environment variable's value when it is an absolute path (XDG says
 * relative ones are ignored), else NULL. */
static const char *env_absolute(const char *name)
{
	const char *value = env_value(name);

	return value && value[0] == '/' ? value : NULL;
}

char *xdg_app_dir(const char *xdg_var, const char *home_subdir)
{
	const char *dir;

	if ((dir = env_absolute(xdg_var)) != NULL)
		return xasprintf("%s/icsview", dir);
	if ((dir = env_absolute("HOME")) != NULL)
		return xasprintf("%s/%s/icsview", dir, home_subdir);
	return NULL;
}

int make_private_dirs(const char *path)
{
	char *copy = xstrdup(path);
	int error = 0;

	for (char *p = copy + 1; error == 0; p++) {
		bool end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST)
			error = errno;
		if (end)
			break;
		*p = '/';
	}
	free(copy);
	return error;
}

int dir_lock(const char *file_path, int operation)
{
	const char *slash = strrchr(file_path, '/');
	char *dir = slash ? xasprintf("%.*s", (int)(slash - file_path), file_path) : xstrdup(".");
	int fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	free(dir);
	if (fd < 0)
		return -1;
	while (flock(fd, operation) != 0) {
		if (errno != EINTR) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

void dir_unlock(int fd)
{
	if (fd >= 0)
		close(fd);   /* closing the descriptor drops the lock */
}
