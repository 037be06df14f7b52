/* What every measurement of the benchmark harness uses: the BENCH lines it
 * prints, the samples of a key's latencies, and children, forked (each
 * measurement in its own process, with its own peak RSS) or spawned (the
 * real binary, timed from fork to exit). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchutil.h"
#include "icsbench.h"

void bench_line(const char *name, double value, const char *unit, const char *extra)
{
	printf("BENCH name=%s value=%.6g unit=%s%s%s\n", name, value, unit, extra ? " " : "",
	       extra ? extra : "");
	fflush(stdout);
}

void samples_report(const char *name, struct samples *s, double target, const char *extra)
{
	char buf[256];
	double med, p95;

	if (s->n == 0)
		return;
	med = bench_median(s->v, s->n);
	p95 = bench_percentile(s->v, s->n, 95);
	snprintf(buf, sizeof buf, "n=%zu%s%s", s->n, extra ? " " : "", extra ? extra : "");
	printf("BENCH name=%s_median value=%.4f unit=ms %s\n", name, med, buf);
	if (target > 0)
		printf("BENCH name=%s_p95 value=%.4f unit=ms target=%g %s\n", name, p95, target, buf);
	else
		printf("BENCH name=%s_p95 value=%.4f unit=ms %s\n", name, p95, buf);
	fflush(stdout);
}

void samples_add(struct samples *s, double seconds)
{
	if (s->n < sizeof s->v / sizeof s->v[0])
		s->v[s->n++] = seconds * 1000;
}

/* Runs fn in a forked child, which sends back `size` bytes of result. */
int in_child(void (*fn)(void *arg, void *result), void *arg, void *result, size_t size)
{
	int fds[2], status;
	pid_t pid;
	size_t got = 0;

	if (pipe(fds) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		memset(result, 0, size);
		fn(arg, result);
		if (write(fds[1], result, size) != (ssize_t)size)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	while (got < size) {
		ssize_t n = read(fds[0], (char *)result + got, size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	return got == size && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Spawns argv with stdout to /dev/null (or to `out` if not NULL); returns wall time. */
double spawn_timed(char *const argv[], const char *out, int *status_out)
{
	double t0 = bench_now();
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			close(fd);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (status_out)
		*status_out = status;
	return bench_now() - t0;
}
