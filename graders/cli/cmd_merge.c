/*
 * cmd_merge.c - `shmgrade merge -o OUT SHARD_OUT...`: join the outputs of
 * `shmgrade grade --shard K/N` runs (cmd_grade.c). The students' folders are
 * copied as they are; the class outputs are written again from the stored
 * results (class_report.h), so they are the same as one run over the whole
 * class would write.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graders/cli/cli.h"
#include "graders/report/class_report.h"
#include "graders/report/i18n.h"
#include "util/xalloc.h"
#include "util/util.h"

static const char cmd_merge_usage_text[] =
	N_("usage: shmgrade merge -o OUT SHARD_OUT...\n"
	   "\n"
	   "Join the outputs of 'shmgrade grade --shard K/N' runs into OUT: the students'\n"
	   "folders, gradebook.csv, summary.json and class.html, the same as one run\n"
	   "over the whole class would write.\n");

static int cmd_merge_copy_file(const char *a, const char *b)
{
	char buf[65536];
	ssize_t n;
	int in = open(a, O_RDONLY | O_CLOEXEC), ret = 0;
	int o = open(b, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	while (in >= 0 && o >= 0 && (n = EINTR_RETRY(read(in, buf, sizeof(buf)))) > 0)
		if (util_write_all(o, buf, (size_t)n) < 0)
			ret = -1;
	if (in < 0 || o < 0)
		ret = -1;
	if (in >= 0)
		close(in);
	if (o >= 0 && close(o) < 0)
		ret = -1;
	return ret;
}

/* Copy the tree src into dst (made): folders and regular files. */
static int cmd_merge_copy(const char *src, const char *dst)
{
	DIR *d = opendir(src);
	struct dirent *de;
	int ret = 0;

	if (!d || (mkdir(dst, 0755) < 0 && errno != EEXIST)) {
		if (d)
			closedir(d);
		return -1;
	}
	while ((de = readdir(d)) && ret == 0) {
		char *a, *b;
		struct stat st;

		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, "..") ||
					     !strncmp(de->d_name, ".tmp-", 5)))
			continue;
		a = xasprintf("%s/%s", src, de->d_name);
		b = xasprintf("%s/%s", dst, de->d_name);
		if (lstat(a, &st) == 0 && S_ISDIR(st.st_mode))
			ret = cmd_merge_copy(a, b);
		else if (S_ISREG(st.st_mode))
			ret = cmd_merge_copy_file(a, b);
		free(a);
		free(b);
	}
	closedir(d);
	return ret;
}

int cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	char *students;
	struct class_totals t;
	int c, i, code = EXIT_PASS;
	static const struct option opts[] = { { "output", required_argument, NULL, 'o' },
					      { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'o') {
			out = optarg;
		} else if (c == 'h') {
			fputs(_(cmd_merge_usage_text), stdout);
			return EXIT_PASS;
		} else {
			fputs(_(cmd_merge_usage_text), stderr);
			return EXIT_ERROR;
		}
	}
	if (!out || optind >= argc) {
		fputs(_(cmd_merge_usage_text), stderr);
		return EXIT_ERROR;
	}
	students = xasprintf("%s/students", out);
	if (cli_mkdir(out) || cli_mkdir(students)) {
		free(students);
		return EXIT_ERROR;
	}
	for (i = optind; i < argc && code == EXIT_PASS; i++) {
		char *from = xasprintf("%s/students", argv[i]);

		if (cmd_merge_copy(from, students) < 0)
			code = cli_error(_("cannot copy the results of '%s' into '%s': %s"),
					 argv[i], out, strerror(errno));
		free(from);
	}
	free(students);
	if (code != EXIT_PASS)
		return code;
	if (class_report_write(out, &t) < 0)
		return EXIT_ERROR;
	printf(_("%u submissions: %u with full marks, %u grader errors\n"), t.students, t.full,
	       t.errors);
	return t.errors ? EXIT_ERROR : EXIT_PASS;
}
