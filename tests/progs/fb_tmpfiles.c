/*
 * fb_tmpfiles.c TAG - leaves, in fallback mode, what a program can leave in
 * the host's shared folders: a file in /tmp, /var/tmp and /dev/shm, a folder
 * with a file in it in /tmp, and a symbolic link in /tmp to the file named
 * by TAG's sentinel (which must survive: the link is removed, not followed).
 * Every name starts with "fb_tmpfiles-TAG". Prints "made N".
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int make_file(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int main(int argc, char **argv)
{
	const char *tag = argc > 1 ? argv[1] : "x";
	char path[512], target[512];
	int n = 0;

	snprintf(path, sizeof(path), "/tmp/fb_tmpfiles-%s-file", tag);
	n += make_file(path);
	snprintf(path, sizeof(path), "/var/tmp/fb_tmpfiles-%s-file", tag);
	n += make_file(path);
	snprintf(path, sizeof(path), "/dev/shm/fb_tmpfiles-%s-shm", tag);
	n += make_file(path);
	snprintf(path, sizeof(path), "/tmp/fb_tmpfiles-%s-dir", tag);
	if (mkdir(path, 0755) == 0) {
		snprintf(path, sizeof(path), "/tmp/fb_tmpfiles-%s-dir/inner", tag);
		n += make_file(path);
	}
	snprintf(path, sizeof(path), "/tmp/fb_tmpfiles-%s-link", tag);
	snprintf(target, sizeof(target), "/tmp/fb_tmpfiles-%s-sentinel", tag);
	n += symlink(target, path) == 0;
	printf("made %d\n", n);
	return 0;
}
