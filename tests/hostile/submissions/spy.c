/*
 * spy.c - a hostile submission (tests/cli/integrity_fs.sh): looks at every
 * path given as an argument, and at every other submission's work folder
 * (/var/tmp/shmgrade-* and $TMPDIR/shmgrade-*), and prints what it could
 * read. Exits 0 when it saw something it should not have, 3 when not.
 */
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int seen;
static char self[4096]; /* our cwd: the folders on its way are our own */

/* Is name a folder on the way to our own cwd ("/var/tmp/NAME/run1-0")? */
static int spy_own(const char *name)
{
	char part[300];

	snprintf(part, sizeof(part), "/%s/", name);
	return strstr(self, part) != NULL;
}

static void spy_path(const char *path)
{
	char line[256];
	DIR *d = opendir(path);
	FILE *f;

	if (d) {
		struct dirent *de;

		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
			    !spy_own(de->d_name)) {
				printf("LEAK dir %s: %s\n", path, de->d_name);
				seen = 1;
				break;
			}
		closedir(d);
		return;
	}
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		printf("LEAK file %s: %s", path, line);
		seen = 1;
	}
	fclose(f);
}

/* Another submission graded at the same time: its sources in its work
 * folder (the victim's source is called victim.c). */
static void spy_peers(const char *pattern)
{
	glob_t g;
	size_t i;

	if (glob(pattern, 0, NULL, &g) != 0)
		return;
	for (i = 0; i < g.gl_pathc; i++)
		if (strstr(g.gl_pathv[i], "victim"))
			spy_path(g.gl_pathv[i]);
	globfree(&g);
}

int main(int argc, char **argv)
{
	int i;

	if (!getcwd(self, sizeof(self) - 1))
		self[0] = '\0';
	strcat(self, "/");
	for (i = 1; i < argc; i++)
		spy_path(argv[i]);
	spy_peers("/var/tmp/shmgrade-*/build/*.c");
	return seen ? 0 : 3;
}
