#!/bin/bash
# stale-refs.sh - find pointers that no longer point anywhere, in comments
# and documentation (make check runs it; exit 1 on a finding):
#   1. a path of the repository (harness/x.c, doc/y.md, tests/cli/z.sh ...)
#      or a source file's name (rules_util.c, record.h) that no tracked file
#      has; a pointer outside the repository (../shared/...);
#   2. a function written as name() in a comment or a document that no C
#      source of the tree defines, declares or calls (libc's included, as
#      the code calls them), unless listed below as known outside names;
#   3. "name() in file.c" / "file.c's name()" where that file does not
#      define name.
# Scanned: every tracked C source and header, Markdown file, man page,
# shell script, the Makefile, .ci/run and the tool configs. Not NEWS (it is
# history: it names what files were), not po/ (msgmerge keeps it), not
# this script (its examples).
# Usage: tools/stale-refs.sh [-v]  (from anywhere; -v lists what it checked)
set -eu
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'EOF'
import os, re, subprocess, sys

verbose = '-v' in sys.argv[1:]
ls = subprocess.run(['git', 'ls-files', '-z'], capture_output=True, text=True)
if ls.returncode == 0:
    files = ls.stdout.split('\0')
else:  # a copy of the tree without .git (.ci/run's, a tarball): its files
    files = [os.path.relpath(os.path.join(d, f)) for d, subdirs, names in os.walk('.')
             for f in names
             if not os.path.relpath(d).split(os.sep)[0] in ('build', '.git')]
    files = [f for f in files if f != 'shmgrade']
files = sorted(f for f in files if f and os.path.isfile(f))
tracked = set(files)
dirs = {os.path.dirname(f) for f in files}
for d in list(dirs):
    while d:
        dirs.add(d)
        d = os.path.dirname(d)
basenames = {os.path.basename(f) for f in files}

def scanned(f):
    if f in ('NEWS', 'tools/stale-refs.sh') or f.startswith('po/') or f.startswith('tests/fuzz/corpus/'):
        return False
    if f.startswith('tests/yaml/') or f.startswith('exercises/'):
        return False
    return (f.endswith(('.c', '.h', '.md', '.1', '.sh', '.inc', '.yaml')) or
            f in ('Makefile', '.ci/run', '.clang-format', '.clang-tidy') or
            f.startswith('tools/'))

# Names written as name() that the C sources never mention: system calls,
# library functions and programs named in prose only. Add one here (with
# where it comes from) when a document names an outside function.
OUTSIDE = set('''
    main exit_group vfork clone clone3 execve execveat wait waitpid wait4 waitid
    shmget shmat shmdt shmctl semget semop semtimedop semctl msgget msgsnd
    msgrcv msgctl ftok ipc fork exit _exit kill ptrace seccomp unshare setns
    pidfd_open pidfd_send_signal prctl mmap munmap mprotect sleep usleep
    nanosleep pthread_create pthread_join sem_wait sem_post printf fprintf
    sprintf snprintf scanf sscanf malloc free calloc realloc strcpy strcat
    memcpy strlen open close read write pipe dup2 perror abort raise signal
    sigaction atexit getpid getppid setsid chdir system popen time clock
    clock_gettime gettimeofday alarm pause select poll yaml_parser_parse
    srunner_run_all tcase_add_loop_test ck_assert START_TEST shm_open
    sig_ignored
    always
'''.split())
# sig_ignored: the kernel's (kernel/signal.c); always(): GitHub Actions'
# expression (doc/ci.md).

# The identifiers of the C code (comments and strings removed).
def strip_c(text):
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    return text
idents = set()
idents_of = {}
defined_in = {}
for f in files:
    if f.endswith(('.c', '.h')):
        code = strip_c(open(f, errors='replace').read())
        idents_of[f] = set(re.findall(r'\b[A-Za-z_]\w*\b', code))
        idents.update(idents_of[f])
        for m in re.finditer(r'^[A-Za-z_][\w \*]*?\b(\w+)\s*\([^;{]*\)\s*(?:__attribute__\(\(.*\)\)\s*)?\{',
                             code, flags=re.M | re.S):
            defined_in.setdefault(m.group(1), set()).add(f)
        for m in re.finditer(r'^#define\s+(\w+)', code, flags=re.M):
            defined_in.setdefault(m.group(1), set()).add(f)

TOP = r'(?:harness|graders|tests|tools|doc|exercises|reference|bench|po|debian|util|\.ci)'
path_re = re.compile(r'(?<![\w./-])(' + TOP + r'/[\w.*/-]*[\w*])')
name_re = re.compile(r'(?<![\w./-])([A-Za-z_][\w-]*\.(?:c|h|md|sh|inc|yaml|1))\b(?![\w/-])')
outside_re = re.compile(r'\.\./shared/[\w./-]+|/work/[\w./-]+|(?<![\w/])(?:DESIGN|STYLE|LAB-PATTERNS)\.md\b')
call_re = re.compile(r'\b([a-z_][a-z0-9_]*)\(\)')
in_file_re = re.compile(r'\b([a-z_][a-z0-9_]*)\(\)(?: is)? in ([\w/]+\.[ch])\b')
file_s_re = re.compile(r'\b([\w/]+\.[ch])\'s ([a-z_][a-z0-9_]*)\(\)')

def comments(f, text):
    """(line number, text) of the parts of f that are prose."""
    if f.endswith(('.c', '.h')):
        for m in re.finditer(r'/\*.*?\*/', text, flags=re.S):
            yield text.count('\n', 0, m.start()) + 1, m.group(0)
    elif f.endswith(('.sh', '.inc')) or f in ('Makefile', '.ci/run', '.clang-format', '.clang-tidy') \
            or f.startswith('tools/') or f.endswith('.yaml'):
        for i, line in enumerate(text.split('\n'), 1):
            m = re.search(r'(?:^|\s)#', line)  # not '#include' in a quoted string
            if m:
                yield i, line[m.end() - 1:]
    else:
        for i, line in enumerate(text.split('\n'), 1):
            yield i, line

def path_exists(p):
    p = p.rstrip('.')
    if '*' in p:
        rx = re.compile('^' + re.escape(p).replace(r'\*', '[^/]*') + '$')
        return any(rx.match(f) for f in files) or any(rx.match(d) for d in dirs)
    return p in tracked or p.rstrip('/') in dirs

findings = []
checked = 0
for f in files:
    if not scanned(f):
        continue
    text = open(f, errors='replace').read()
    for line, chunk in comments(f, text):
        for k, l in enumerate(chunk.split('\n')):
            where = '%s:%d' % (f, line + k)
            for m in path_re.finditer(l):
                p = m.group(1)
                start = m.start(1)
                if l[max(0, start - 6):start].endswith(('build/', '$(B)/', '/tmp/')):
                    continue
                if re.search(r'[A-Z]{2,}', p) or re.match(r'^.$', os.path.basename(p).split('.')[0]):
                    continue  # a placeholder: po/LANG.po, reference/ID, exercises/x.yaml
                checked += 1
                if not path_exists(p) and not path_exists(p + '.c'):
                    findings.append('%s: names %s, which is not in the repository' % (where, p))
            for m in name_re.finditer(l):
                n = m.group(1)
                if '/' in l[max(0, m.start(1) - 1):m.start(1)]:
                    continue
                # A pointer into the code (check.c:255, "see record.h", "in
                # trace.c"), not an example name; not a system header.
                pointer = re.match(r':\d', l[m.end(1):m.end(1) + 2]) or \
                    re.search(r'(?:\bsee|\bin|\bfrom|\()\s*$', l[:m.start(1)])
                if not pointer or not n.endswith(('.c', '.h')) or \
                        os.path.exists('/usr/include/' + n) or re.search(r'[A-Z]{2,}', n):
                    continue
                checked += 1
                if n not in basenames:
                    findings.append('%s: names the file %s; no tracked file has that name' % (where, n))
            for m in outside_re.finditer(l):
                findings.append('%s: points outside the repository: %s' % (where, m.group(0)))
            for m in call_re.finditer(l):
                n = m.group(1)
                checked += 1
                if n not in idents and n not in OUTSIDE:
                    findings.append('%s: names %s(), which no C source defines or calls' % (where, n))
            for m in in_file_re.finditer(l):
                n, src = m.group(1), m.group(2)
                have = {x for x in defined_in.get(n, ()) if x == src or x.endswith('/' + src)}
                if n in defined_in and not have:
                    findings.append('%s: says %s() is in %s; it is in %s' %
                                    (where, n, src, ', '.join(sorted(defined_in[n]))))
            for m in file_s_re.finditer(l):
                src, n = m.group(1), m.group(2)
                have = {x for x in defined_in.get(n, ()) if x == src or x.endswith('/' + src)}
                if n in defined_in and not have:
                    findings.append("%s: says %s's %s(); it is in %s" %
                                    (where, src, n, ', '.join(sorted(defined_in[n]))))
# A header's comment that says where the function below it lives:
# "/* Load the exercise ... (exercise_load.c). */ int exercise_load(...);".
# A file that calls it is fine too ("tried by the probe (sandbox_probe.c)").
for f in files:
    if not f.endswith('.h') or not scanned(f):
        continue
    text = open(f, errors='replace').read()
    for m in re.finditer(r'/\*((?:(?!\*/).)*)\*/\s*\n([^;{/]*?\b(\w+)\s*\()', text, flags=re.S):
        n = m.group(3)
        for src in re.findall(r'\(([\w/]+\.c)\)', m.group(1)):
            have = {x for x in idents_of if (x == src or x.endswith('/' + src)) and n in idents_of[x]}
            if n in defined_in and not have and not any(x.endswith('.h') for x in defined_in[n]):
                findings.append('%s:%d: says %s() is in %s; it is in %s' %
                                (f, text.count('\n', 0, m.start(2)) + 1, n, src,
                                 ', '.join(sorted(defined_in[n]))))
for x in findings:
    print(x)
if verbose:
    print('stale-refs: %d pointers checked' % checked, file=sys.stderr)
if findings:
    print('stale-refs: %d stale pointer(s): fix the comment or document (a name from '
          'outside the tree goes in OUTSIDE, tools/stale-refs.sh)' % len(findings), file=sys.stderr)
    sys.exit(1)
EOF
