#!/bin/bash
# integrity_rebuild.sh - what was built is what is graded (issue 7, point 2),
# second round: a Makefile that DECODES a ready program from text (base64,
# xxd, printf escapes, an XOR blob and a decoder it compiles and runs), that
# links an object or includes a header it decoded, that links a linker
# script or a blob, or a program that decodes one at run time and execs it.
# shmgrade grades only what it rebuilds itself from the .c files handed in
# (graders/engine/build_replay.h), and a run cannot exec a file it wrote.
# Every case here got full marks before that.
set -u
cd "$(dirname "$0")/../.."
fail=0
tmp=$(mktemp -d /tmp/shmgrade-cli-rebuild.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/cli/lib.inc # expect()
sg=${SHMGRADE:-./shmgrade}
export LANG=C.UTF-8 LC_ALL= LC_MESSAGES=

# The program must print "hola" and exit 0; the student's own source is an
# empty main (2/3: it compiles and exits 0, it does not say hola).
cat >"$tmp/ex.yaml" <<'YAML'
id: integ-rebuild
title: Prints hola
points: 3
submission: {flags: [-std=c11, -Wall]}
runs:
  - id: main
    programs: [{args: []}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: exit_ok, title: Exits with 0, points: 1, rule: exit_status, requires: [compiles]}
  - {id: hola, title: Says hola, points: 1, rule: output, with: {value: hola}, requires: [compiles]}
YAML
good='#include <stdio.h>
int main(void) { puts("hola"); return 0; }'
empty='int main(void) { return 0; }'
printf '%s\n' "$good" >"$tmp/good.c"
gcc -o "$tmp/hola.bin" "$tmp/good.c" || exit 1
gcc -c -o "$tmp/good.o" "$tmp/good.c" || exit 1

sub() { # sub NAME: a fresh submission folder with the empty main as prog.c
	rm -rf "$tmp/$1"; mkdir "$tmp/$1"; printf '%s\n' "$empty" >"$tmp/$1/prog.c"; echo "$tmp/$1"
}
mk() { # mk DIR RECIPE...: a Makefile whose target prog runs the recipe lines
	local d=$1; shift
	{ printf 'prog: prog.c\n'; printf '\t%s\n' "$@"; } >"$d/Makefile"
}

# the controls: a Makefile build passes, with objects in a subfolder too
d=$(sub ok); printf '%s\n' "$good" >"$d/prog.c"
mk "$d" '$(CC) $(CFLAGS) -o prog prog.c'
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"
d=$(sub ok-objs); mkdir "$d/src"; printf '%s\n' "$good" >"$d/src/main.c"; rm "$d/prog.c"
printf 'prog: obj/main.o\n\t$(CC) -o $@ $^ -lm\nobj/main.o: src/main.c\n\tmkdir -p obj\n\t$(CC) -O2 -c -o $@ $<\n' >"$d/Makefile"
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"

# ... and one that probes the compiler first (skipped by the rebuild)
d=$(sub ok-probe); printf '%s\n' "$good" >"$d/prog.c"
mk "$d" '$(CC) -c prog.c -o /dev/null' '$(CC) --version >/dev/null' '$(CC) -MM prog.c >deps' '$(CC) -o prog prog.c'
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... and one that links in a subfolder and copies the program up
d=$(sub ok-cp); printf '%s\n' "$good" >"$d/prog.c"
mk "$d" 'mkdir -p bin' '$(CC) -o bin/prog prog.c' 'cp bin/prog prog'
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... which takes only a name: the decoded program copied over both files
# is not what is graded, the rebuild's link of the empty main is
d=$(sub cp-decoded); base64 "$tmp/hola.bin" >"$d/notes.txt"
mk "$d" 'mkdir -p bin' '$(CC) -o bin/prog prog.c' 'base64 -d notes.txt >bin/prog' 'cp bin/prog prog'
expect 1 "Score: 2/3" -- $sg check "$tmp/ex.yaml" "$d"
# 1. base64 of the ready program, decoded over the one the compiler made
d=$(sub b64); base64 "$tmp/hola.bin" >"$d/notes.txt"
mk "$d" '$(CC) -o prog prog.c' 'base64 -d notes.txt >prog'
expect 1 "Score: 2/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... and with no compile at all
mk "$d" 'base64 -d notes.txt >prog; chmod +x prog'
expect 1 "'prog' was not linked by a compiler command of your build" -- $sg check "$tmp/ex.yaml" "$d"
# 2. a hex dump (od + printf, as xxd -r would)
d=$(sub hex); od -An -v -to1 "$tmp/hola.bin" | tr -s ' \n' '  ' >"$d/data.txt"
printf 'for b in $(cat data.txt); do printf "\\\\$b"; done\n' >"$d/unhex.sh"
mk "$d" '$(CC) -o prog prog.c' 'sh unhex.sh >prog'
expect 1 "Score: 2/3" -- $sg check "$tmp/ex.yaml" "$d"
if command -v xxd >/dev/null; then
	xxd -p "$tmp/hola.bin" >"$d/data.hex"
	mk "$d" '$(CC) -o prog prog.c' 'xxd -r -p data.hex prog'
	expect 1 "Score: 2/3" -- $sg check "$tmp/ex.yaml" "$d"
fi
# 3. an XOR blob and a small decoder the Makefile compiles and runs
d=$(sub xor); perl -0777 -pe 's/(.)/chr(ord($1)^0x5a)/gse' "$tmp/hola.bin" >"$d/blob.dat"
printf '#include <stdio.h>\nint main(void) { int c; while ((c = getchar()) != EOF) putchar(c ^ 0x5a); return 0; }\n' >"$d/dec.c"
mk "$d" '$(CC) -o prog prog.c' '$(CC) -o dec dec.c' './dec <blob.dat >prog'
expect 1 "Score: 2/3" -- $sg check "$tmp/ex.yaml" "$d"
# 4. a source written by a compiled generator (the program hidden in it)
d=$(sub gen); rm "$d/prog.c"
printf '#include <stdio.h>\nint main(void) { puts("#include <stdio.h>"); puts("int main(void) { puts(\\"hola\\"); return 0; }"); return 0; }\n' >"$d/gen.c"
printf 'prog: gen.c\n\t$(CC) -o gen gen.c\n\t./gen >real.c\n\t$(CC) -o prog real.c\n' >"$d/Makefile"
expect 1 "'real.c' is neither a C source you handed in nor an object compiled from one" -- $sg check "$tmp/ex.yaml" "$d"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
# 5. an object decoded from text and linked
d=$(sub obj); base64 "$tmp/good.o" >"$d/o.txt"
mk "$d" 'base64 -d o.txt >x.o' '$(CC) -o prog x.o'
expect 1 "'x.o' is neither a C source you handed in nor an object compiled from one" -- $sg check "$tmp/ex.yaml" "$d"
# ... or a static library made of it, through -L
mk "$d" 'base64 -d o.txt >x.o' 'ar rc libx.a x.o' '$(CC) -o prog prog.c -L. -lx'
expect 1 "option '-L.' is not allowed" -- $sg check "$tmp/ex.yaml" "$d"
# 6. a header decoded from a blob, #included or -included
d=$(sub header); printf '#include "gen.h"\n' >"$d/prog.c"
printf '%s\n' "$good" | base64 >"$d/h.txt"
mk "$d" 'base64 -d h.txt >gen.h' '$(CC) -o prog prog.c'
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
printf '%s\n' "$empty" | sed 's/int main/int main2/' >"$d/prog.c"
mk "$d" 'base64 -d h.txt >gen.h' '$(CC) -include gen.h -o prog prog.c'
expect 1 "'gen.h' is not a file you handed in" -- $sg check "$tmp/ex.yaml" "$d"
# 7. a linker script that pulls in a decoded object, or raw bytes through
# the linker
d=$(sub ldscript); printf 'int helper(void) { return 0; }\n' >"$d/prog.c"
printf 'INPUT(x.o)\n' >"$d/x.ld"; base64 "$tmp/good.o" >"$d/o.txt"
mk "$d" 'base64 -d o.txt >x.o' '$(CC) -o prog prog.c x.ld'
expect 1 "'x.ld' is neither a C source" -- $sg check "$tmp/ex.yaml" "$d"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
printf '%s\n' "$empty" >"$d/prog.c"
mk "$d" '$(CC) -o prog prog.c -Wl,--format=binary o.txt -Wl,--format=default'
expect 1 "option '-Wl,--format=binary' is not allowed" -- $sg check "$tmp/ex.yaml" "$d"
# 8. the wrappers' own list, written by the Makefile: a link to a host file
# is not read (nothing of it may reach the report)
d=$(sub forged); printf '%s\n' "$good" >"$d/prog.c"
mk "$d" '$(CC) -o prog prog.c' 'ln -s /etc/passwd .shmgrade-cc/0-x; ln -s /etc/passwd .shmgrade-cc/1'
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... and a command written there by hand is only a recipe: it compiles
# the sources handed in, nothing else
mk "$d" 'base64 -d notes.txt >prog 2>/dev/null; printf "%s\\0" "$$(pwd -P)" -o prog prog.c >.shmgrade-cc/1; touch prog; chmod +x prog'
printf '%s\n' "$empty" >"$d/prog.c"; base64 "$tmp/hola.bin" >"$d/notes.txt"
expect 1 "Score: 2/3" -- $sg check "$tmp/ex.yaml" "$d"
# 9. a program built from its sources that decodes the ready one at run time
# (from a file handed in, XOR'ed so that no ELF header shows) and execs it:
# from /tmp, /dev/shm, the run's folder, a memfd, or through the loader
cat >"$tmp/runexec.c" <<'CSRC'
#define _GNU_SOURCE
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void)
{
	char self[4096], path[4200], *a[] = { "h", NULL }, *ld[] = { "ld.so", "/tmp/h", NULL };
	const char *to = MODE;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	unsigned char c;
	FILE *in;
	int fd, ch;

	if (n < 0)
		return 9;
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/hola.xor", dirname(self));
	if (!(in = fopen(path, "rb")))
		return 8;
	fd = !strcmp(to, "memfd") ? memfd_create("h", 0)
				  : open(strcmp(to, "ldso") ? to : "/tmp/h", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	while ((ch = getc(in)) != EOF) {
		c = (unsigned char)(ch ^ 0x5a);
		if (write(fd, &c, 1) != 1)
			return 7;
	}
	if (!strcmp(to, "memfd"))
		fexecve(fd, a, environ);
	close(fd);
	if (!strcmp(to, "ldso"))
		execv("/lib64/ld-linux-x86-64.so.2", ld);
	else
		execv(to, a);
	perror("exec");
	return 5;
}
CSRC
for mode in /tmp/h /dev/shm/h ./h memfd ldso; do
	d=$(sub "run-$(echo "$mode" | tr -c 'a-z\n' _)"); rm "$d/prog.c"
	sed "s|MODE|\"$mode\"|" "$tmp/runexec.c" >"$d/prog.c"
	perl -0777 -pe 's/(.)/chr(ord($1)^0x5a)/gse' "$tmp/hola.bin" >"$d/hola.xor"
	expect 1 "Score: 1/3" -- $sg check "$tmp/ex.yaml" "$d"
done
# ... in fallback mode too (no noexec mounts there: the tracer refuses it)
d=$(sub run-fallback); rm "$d/prog.c"
sed 's|MODE|"/tmp/h"|' "$tmp/runexec.c" >"$d/prog.c"
perl -0777 -pe 's/(.)/chr(ord($1)^0x5a)/gse' "$tmp/hola.bin" >"$d/hola.xor"
expect 1 "Score: 1/3" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
expect 1 "execve h failed with EACCES" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
# ... or hands the work to an interpreter that makes system calls itself
d=$(sub run-perl); rm "$d/prog.c"
printf '#include <unistd.h>\nint main(void) { execlp("perl", "perl", "-e", "print \\"hola\\\\n\\"", (char *)0); return 5; }\n' >"$d/prog.c"
expect 1 "Score: 1/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... or to a tool that makes the System V calls for it
d=$(sub run-ipcmk); rm "$d/prog.c"
printf '#include <stdio.h>\n#include <unistd.h>\nint main(void) { puts("hola"); fflush(stdout); execlp("ipcmk", "ipcmk", "-M", "4096", (char *)0); return 5; }\n' >"$d/prog.c"
expect 1 "execve ipcmk failed with EACCES" -- $sg check "$tmp/ex.yaml" "$d"
# ... or has the loader map a library of its choosing into a program of the
# machine (a decoded .so in fallback mode; here one that does not exist)
d=$(sub run-preload); rm "$d/prog.c"
printf '#include <stdlib.h>\n#include <unistd.h>\nint main(void) { setenv("LD_PRELOAD", "/tmp/x.so", 1); execlp("echo", "echo", "hola", (char *)0); return 5; }\n' >"$d/prog.c"
expect 1 "execve echo failed with EACCES" -- $sg check "$tmp/ex.yaml" "$d"
# ... or maps code itself: machine code copied into anonymous memory made
# executable (mmap or mprotect), or a library it decoded, dlopen'ed (in
# fallback mode too, where nothing is mounted noexec)
cat >"$tmp/runmap.c" <<'CSRC'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
static const unsigned char code[] = { 0xb8, 0x2a, 0, 0, 0, 0xc3 }; /* mov $42,%eax; ret */
int main(void)
{
	const char *how = HOW;
	unsigned char *m;
	int (*f)(void);

	if (!strcmp(how, "dlopen")) {
		char self[4096], path[4200];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		FILE *in;
		int fd, ch;
		void *h;

		self[n > 0 ? n : 0] = '\0';
		snprintf(path, sizeof(path), "%s/lib.xor", dirname(self));
		if (!(in = fopen(path, "rb")) || (fd = open("/tmp/h.so", O_WRONLY | O_CREAT | O_TRUNC, 0755)) < 0)
			return 8;
		while ((ch = getc(in)) != EOF) {
			unsigned char c = (unsigned char)(ch ^ 0x5a);
			if (write(fd, &c, 1) != 1)
				return 7;
		}
		close(fd);
		if (!(h = dlopen("/tmp/h.so", RTLD_NOW)) || !(f = (int (*)(void))dlsym(h, "hola")))
			return 5;
		return f() == 42 ? 0 : 6;
	}
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | (strcmp(how, "mmap") ? 0 : PROT_EXEC),
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return 5;
	memcpy(m, code, sizeof(code));
	if (!strcmp(how, "mprotect") && mprotect(m, 4096, PROT_READ | PROT_EXEC) < 0)
		return 5;
	f = (int (*)(void))(void *)m;
	if (f() == 42)
		puts("hola");
	return 0;
}
CSRC
printf '#include <stdio.h>\nint hola(void) { puts("hola"); return 42; }\n' >"$tmp/lib.c"
gcc -shared -fPIC -o "$tmp/lib.so" "$tmp/lib.c" || exit 1
for how in mmap mprotect dlopen; do
	d=$(sub "map-$how"); rm "$d/prog.c"
	sed "s|HOW|\"$how\"|" "$tmp/runmap.c" >"$d/prog.c"
	perl -0777 -pe 's/(.)/chr(ord($1)^0x5a)/gse' "$tmp/lib.so" >"$d/lib.xor"
	expect 1 "Score: 1/3" -- $sg check "$tmp/ex.yaml" "$d"
	expect 1 "Score: 1/3" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
done
# ... and as root in a Docker-like container (fallback, no CAP_SYS_PTRACE:
# the tracer reads the programs' /proc links with their uid)
sim=build/tests/sim/sim_deny
caps=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap,+net_bind_service,+net_raw,+sys_chroot,+mknod,+audit_write,+setfcap
if [ "$(id -u)" = 0 ] && [ -x "$sim" ]; then
	for c in run-_tmp_h map-mmap map-dlopen run-perl; do
		expect 1 "Score: 1/3" -- "$sim" docker -- setpriv --bounding-set="$caps" --inh-caps=-all -- $sg check "$tmp/ex.yaml" "$tmp/$c"
	done
	expect 0 "Score: 3/3" -- "$sim" docker -- setpriv --bounding-set="$caps" --inh-caps=-all -- $sg check "$tmp/ex.yaml" "$tmp/ok"
fi
# the control: a program may still exec itself and the machine's programs
d=$(sub run-ok); rm "$d/prog.c"
printf '#include <stdio.h>\n#include <unistd.h>\nint main(int argc, char **argv) { (void)argv; if (argc == 1) { execl("/proc/self/exe", "prog", "again", (char *)NULL); return 4; } fflush(stdout); execlp("echo", "echo", "hola", (char *)NULL); return 3; }\n' >"$d/prog.c"
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"
# 10. fallback mode as root (Docker, Gradescope): a program cannot leave a
# link in the work folder that shmgrade, as root, writes through (the stdin
# file of a later run), nor take the name of a later run's folder
if [ "$(id -u)" = 0 ]; then
	cat >"$tmp/ex2.yaml" <<'YAML'
id: integ-workdir
title: Reads stdin
points: 2
runs:
  - id: first
    programs: [{args: []}]
  - id: second
    programs: [{args: [], stdin: "hola\n"}]
checks:
  - {id: compiles, title: Compiles, points: 1, rule: compiles}
  - {id: hola, title: Says hola, points: 1, rule: output, with: {value: hola}, requires: [compiles], runs: [second]}
YAML
	d=$(sub workdir); echo precious >"$tmp/victim"; chmod 644 "$tmp/victim"
	printf '#include <stdio.h>\n#include <sys/stat.h>\n#include <unistd.h>\nint main(void) { char b[64]; int i; for (i = 0; i < 4; i++) { snprintf(b, sizeof b, "../stdin-1-0-%%d", i); if (symlink("%s", b)) perror("symlink"); snprintf(b, sizeof b, "../stdin-1-%%d-0", i); if (symlink("%s", b)) perror("symlink"); } while (fgets(b, sizeof b, stdin)) fputs(b, stdout); return 0; }\n' "$tmp/victim" "$tmp/victim" >"$d/prog.c"
	chmod 755 "$tmp"
	expect 0 "Score: 2/2" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex2.yaml" "$d"
	if [ "$(cat "$tmp/victim")" != precious ]; then echo "FAIL: root wrote through a program's link"; fail=1; else echo "ok: the victim file is intact"; fi
fi
# 11. a source that includes the solution from outside the folder: in
# fallback mode the build sees the host (here a world-readable file, as a
# checkout's reference/ solutions or a classmate's home would be)
mkdir -p "$tmp/elsewhere"; chmod 755 "$tmp" "$tmp/elsewhere"
printf '%s\n' "$good" >"$tmp/elsewhere/sol.c"; chmod 644 "$tmp/elsewhere/sol.c"
d=$(sub include-abs); printf '#include "%s"\n' "$tmp/elsewhere/sol.c" >"$d/prog.c"
expect 1 "your sources include '$tmp/elsewhere/sol.c'" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
expect 1 "Score: 0/3" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
expect 1 "Score: 0/3" -- $sg check "$tmp/ex.yaml" "$d"
# ... through a Makefile (the rebuild checks it too)
mk "$d" '$(CC) -o prog prog.c'
expect 1 "your sources include '$tmp/elsewhere/sol.c'" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
# ... or by a relative path out of the folder
rm "$d/Makefile"; printf '#include "../../../../../../../../..%s"\n' "$tmp/elsewhere/sol.c" >"$d/prog.c"
expect 1 "Score: 0/3" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
# the control: headers in a subfolder and the system's
d=$(sub include-ok); mkdir "$d/inc"; printf '#include <stdio.h>\n#define SAY puts("hola")\n' >"$d/inc/say.h"
printf '#include "inc/say.h"\nint main(void) { SAY; return 0; }\n' >"$d/prog.c"
expect 0 "Score: 3/3" -- env SHMGRADE_FALLBACK=1 $sg check "$tmp/ex.yaml" "$d"
mk "$d" '$(CC) -Iinc -o prog prog.c'
expect 0 "Score: 3/3" -- $sg check "$tmp/ex.yaml" "$d"
# 12. a pragma that turns the warnings off: the count is not the source's
# to set (an exercise that wants no warnings)
sed 's/rule: compiles}/rule: compiles, with: {no_warnings: true}}/' "$tmp/ex.yaml" >"$tmp/nowarn.yaml"
d=$(sub pragma); printf '#include <stdio.h>\n#pragma GCC diagnostic ignored "-Wall"\nint main(void) { int unused; puts("hola"); return 0; }\n' >"$d/prog.c"
expect 1 "turns the compiler's warnings off" -- $sg check "$tmp/nowarn.yaml" "$d"
expect 1 "Score: 0/3" -- $sg check "$tmp/nowarn.yaml" "$d"
printf '#include <stdio.h>\n#define Q(x) _Pragma(#x)\nQ(GCC diagnostic ignored "-Wunused-variable")\nint main(void) { int unused; puts("hola"); return 0; }\n' >"$d/prog.c"
expect 1 "Score: 0/3" -- $sg check "$tmp/nowarn.yaml" "$d"
mk "$d" '$(CC) -o prog prog.c'
expect 1 "Score: 0/3" -- $sg check "$tmp/nowarn.yaml" "$d"
printf '#pragma GCC system_header\n#define UNUSED int unused\n' >"$d/quiet.h"
printf '#include <stdio.h>\n#include "quiet.h"\nint main(void) { UNUSED; puts("hola"); return 0; }\n' >"$d/prog.c"
expect 1 "Score: 0/3" -- $sg check "$tmp/nowarn.yaml" "$d"
# ... or a line directive that ends the header's system mode, or marks
# the program's own lines as a header of the system's
printf '#pragma GCC system_header\nint quiet(void) { int unused; return 0; }\n# 3 "quiet.h"\n' >"$d/quiet.h"
printf '#include <stdio.h>\n#include "quiet.h"\nint main(void) { puts("hola"); return quiet(); }\n' >"$d/prog.c"
expect 1 "Score: 0/3" -- $sg check "$tmp/nowarn.yaml" "$d"
printf '#include <stdio.h>\n# 1 "/usr/include/quiet.h" 3 4\nint main(void) { int unused; puts("hola"); return 0; }\n' >"$d/prog.c"
expect 1 "a line directive in your sources" -- $sg check "$tmp/nowarn.yaml" "$d"
# the control: the same program without the pragma, clean, passes
printf '%s\n' "$good" >"$d/prog.c"; rm "$d/quiet.h"
expect 0 "Score: 3/3" -- $sg check "$tmp/nowarn.yaml" "$d"
# ... and so does one that expands the system's macros (the compiler marks
# each expansion as the system's) and is built with -O1 (glibc's inline
# bsearch turns a warning off in the system's header)
sed 's/-Wall]/-Wall, -O1]/' "$tmp/nowarn.yaml" >"$tmp/nowarn1.yaml"
printf '#include <stdio.h>\n#include <stdlib.h>\n#include <sys/ipc.h>\nstatic int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\nint main(void) { int v[] = { 1, 2 }, k = 2; key_t key = IPC_PRIVATE; if (!bsearch(&k, v, 2, sizeof(int), cmp) || key != IPC_PRIVATE) return EXIT_FAILURE; puts("hola"); return EXIT_SUCCESS; }\n' >"$d/prog.c"
expect 0 "Score: 3/3" -- $sg check "$tmp/nowarn1.yaml" "$d"
if $sg check "$tmp/nowarn1.yaml" "$d" | grep -q 'warning'; then echo "FAIL: a warning for a clean program"; fail=1; fi
# 13. in a user namespace that does not map the host's root (a nested one,
# a CI container as an ordinary user), every file of the machine shows the
# overflow uid, 65534, which is the run's own uid when the caller is nobody:
# the loader, libc and the machine's programs still run, in both modes, and
# what a run decoded still does not (trace_exec.c tells the two owners apart)
if unshare --map-root-user true 2>/dev/null || [ "$(id -u)" = 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		# as uid 65534, from a copy it can reach (the checkout may sit in
		# a folder only root can enter)
		cp "$sg" "$tmp/sg"; chmod 755 "$tmp" "$tmp/sg"; chmod -R a+rX "$tmp"
		nested=(setpriv --reuid=65534 --regid=65534 --clear-groups -- unshare --map-root-user --
			unshare --user --map-user=65534 --map-group=65534 -- "$tmp/sg")
	else
		nested=(unshare --map-root-user -- unshare --user --map-user="$(id -u)" --map-group="$(id -g)" -- "$sg")
	fi
	for fb in 0 1; do
		expect 0 "Score: 3/3" -- env SHMGRADE_FALLBACK=$fb "${nested[@]}" check "$tmp/ex.yaml" "$tmp/run-ok"
		for c in run-_tmp_h map-dlopen; do
			expect 1 "Score: 1/3" -- env SHMGRADE_FALLBACK=$fb "${nested[@]}" check "$tmp/ex.yaml" "$tmp/$c"
		done
	done
fi
exit $fail
