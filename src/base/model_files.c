#include "icsview/base/model_files.h"

#include "config.h"
#include "icsview/base/strmap.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What makes a directory a meson build directory; never in an install. */
#define BUILD_DIR_MARKER "meson-private"
/* The file in a build directory naming its source tree's data/ (written by
 * meson.build, never installed). */
#define BUILD_DATA_FILE "source-data"

/* Compared by address in model_files_collect: a path the user names is
 * never it. */
static const char installed_data[] = ICSVIEW_DATADIR;

static bool is_directory(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A walk over the paths a user names: what it has met, by device and
 * inode, so that a file reached twice is read once and a directory reached
 * twice (a symbolic link to a directory above it: `ln -s . x`) is entered
 * once, which keeps any walk finite and each step constant. */
struct walk {
	struct model_files *files;
	struct diag_list *diags;
	struct strmap files_seen, dirs_seen;
	struct model_walk *watched;     /* NULL: nobody watches */
	bool cancelled;
};

static _Atomic(struct model_walk *) watcher;

void model_files_watch(struct model_walk *walk)
{
	atomic_store(&watcher, walk);
}

void model_walk_dir(struct model_walk *walk, char *buf, size_t size)
{
	pthread_mutex_lock(&walk->dir_lock);
	snprintf(buf, size, "%s", walk->dir);
	pthread_mutex_unlock(&walk->dir_lock);
}

/* A directory about to be read, told to the watcher; false once the
 * watcher has cancelled the walk. */
static bool entering(struct walk *w, const char *dir)
{
	struct model_walk *m = w->watched;

	if (!m)
		return true;
	if (atomic_load_explicit(&m->cancel, memory_order_relaxed))
		w->cancelled = true;
	if (w->cancelled)
		return false;
	atomic_fetch_add_explicit(&m->dirs, 1, memory_order_relaxed);
	pthread_mutex_lock(&m->dir_lock);
	snprintf(m->dir, sizeof(m->dir), "%s", dir);
	pthread_mutex_unlock(&m->dir_lock);
	return true;
}

/* True the first time a device and inode are met in set. */
static bool first_visit(struct strmap *set, const struct stat *st)
{
	char key[48];
	bool added;

	snprintf(key, sizeof(key), "%llx:%llx", (unsigned long long)st->st_dev,
	         (unsigned long long)st->st_ino);
	strmap_insert(set, key, &added);
	return added;
}

static void add_file(struct walk *w, const char *path, const struct stat *st)
{
	struct model_files *files = w->files;
	struct model_file *f;

	if (!first_visit(&w->files_seen, st))
		return;
	GROW(files->items, files->cap, files->count + 1);
	f = &files->items[files->count++];
	f->path = xstrdup(path);
	f->size = (uint64_t)st->st_size;
	f->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	f->device = (uint64_t)st->st_dev;
	f->inode = (uint64_t)st->st_ino;
	if (w->watched)
		atomic_fetch_add_explicit(&w->watched->files, 1, memory_order_relaxed);
}

static bool has_yaml_suffix(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How deep directories are entered: a guard against symlink loops and
 * absurd trees. */
#define MODEL_DIR_DEPTH_MAX 32

static int collect_dir(struct walk *w, const char *dir, int depth)
{
	struct diag_list *diags = w->diags;
	DIR *d;
	struct dirent *ent;
	char **names = NULL;
	size_t count = 0, cap = 0;
	int problems = 0;

	if (depth > MODEL_DIR_DEPTH_MAX) {
		diag_add(diags, -1, dir, 0, 0, "directories nested too deeply");
		return 1;
	}
	if (!entering(w, dir))
		return 0;    /* cancelled: said once, by model_files_collect */
	d = opendir(dir);
	if (!d) {
		diag_add(diags, -1, dir, 0, 0, "cannot read directory: %s", strerror(errno));
		return 1;
	}
	while ((ent = readdir(d)) != NULL) {
		if (ent->d_name[0] == '.')
			continue;
		GROW(names, cap, count + 1);
		names[count++] = xasprintf("%s/%s", dir, ent->d_name);
	}
	closedir(d);
	if (count > 1)
		qsort(names, count, sizeof(*names), compare_strings);
	for (size_t i = 0; i < count; i++) {
		struct stat st;

		if (w->cancelled) {
			free(names[i]);
			continue;
		}
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (first_visit(&w->dirs_seen, &st))
				problems += collect_dir(w, names[i], depth + 1);
		} else if (has_yaml_suffix(names[i]) && stat(names[i], &st) == 0 &&
		           S_ISREG(st.st_mode)) {
			add_file(w, names[i], &st);
		}
		free(names[i]);
	}
	free(names);
	return problems;
}

int model_files_collect(struct model_files *files, const char *const *paths, size_t count,
                        struct diag_list *diags)
{
	struct walk w = { files, diags, STRMAP_INIT, STRMAP_INIT, atomic_load(&watcher), false };
	int problems = 0;

	if (w.watched) {
		atomic_store(&w.watched->files, 0);
		atomic_store(&w.watched->dirs, 0);
		atomic_store(&w.watched->walking, true);
	}

	for (size_t i = 0; i < files->count; i++) {
		struct stat st = { .st_dev = (dev_t)files->items[i].device,
		                   .st_ino = (ino_t)files->items[i].inode };
		first_visit(&w.files_seen, &st);
	}
	for (size_t i = 0; i < count; i++) {
		struct stat st;
		size_t before = files->count;

		if (paths[i] == installed_data && !is_directory(installed_data)) {
			diag_add(diags, -1, paths[i], 0, 0, "no model named, and the bundled data is "
			         "not installed here, nor is icsview running from its build "
			         "directory: name a model with -m PATH or ICSVIEW_MODEL=PATH");
			problems++;
			continue;
		}
		if (stat(paths[i], &st) != 0) {
			diag_add(diags, -1, paths[i], 0, 0, "cannot read: %s", strerror(errno));
			problems++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!first_visit(&w.dirs_seen, &st))
				continue;    /* named twice, or below one named before */
			problems += collect_dir(&w, paths[i], 0);
			if (w.cancelled)
				break;
			if (files->count == before) {
				diag_add(diags, -1, paths[i], 0, 0, "no .yaml or .yml files in this directory");
				problems++;
			}
		} else if (S_ISREG(st.st_mode)) {
			add_file(&w, paths[i], &st);
		} else {
			diag_add(diags, -1, paths[i], 0, 0, "not a regular file or directory");
			problems++;
		}
	}
	if (w.cancelled) {
		diag_add(diags, -1, "", 0, 0, "the walk of the model's directories was cancelled");
		problems++;
	}
	if (w.watched)
		atomic_store(&w.watched->walking, false);
	strmap_free(&w.files_seen);
	strmap_free(&w.dirs_seen);
	return problems;
}

void model_files_free(struct model_files *files)
{
	for (size_t i = 0; i < files->count; i++)
		free(files->items[i].path);
	free(files->items);
	memset(files, 0, sizeof(*files));
}

/* The data/ of the source tree of the build directory the executable is
 * in (named by BUILD_DATA_FILE there), made canonical into out (PATH_MAX
 * bytes): false for an executable outside a build directory (installed),
 * or when that data/ is gone. */
static bool build_tree_data(char *out)
{
	char exe[PATH_MAX], named[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash, *path;
	FILE *f;
	bool found;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	path = xasprintf("%s/" BUILD_DIR_MARKER, exe);
	found = is_directory(path);
	free(path);
	if (!found)
		return false;
	path = xasprintf("%s/" BUILD_DATA_FILE, exe);
	f = fopen(path, "r");
	free(path);
	if (!f)
		return false;
	found = fgets(named, sizeof(named), f) != NULL;
	fclose(f);
	if (!found)
		return false;
	named[strcspn(named, "\n")] = '\0';
	return realpath(named, out) != NULL && is_directory(out);
}

const char *model_default_path(void)
{
	static char build_data[PATH_MAX];   /* the same each call: a cache, not state */
	const char *env = getenv("ICSVIEW_MODEL");

	if (env && *env)
		return env;
	if (build_tree_data(build_data))
		return build_data;
	return installed_data;
}
