#!/usr/bin/env bash
# Command-line behaviour of `rls`: exit statuses (SPEC §4), the rendered error
# block, `check`, `--version`, the REPL over a pipe, interrupts, bad input.
# Usage: Tests/cli/run.sh path/to/rls
set -u
RLS=${1:?usage: run.sh path/to/rls}
RLS=$(cd "$(dirname "$RLS")" && pwd)/$(basename "$RLS")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

check() { # name, expected, actual
  if [ "$2" == "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); printf 'FAIL %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3"; fi
}

# Exit statuses: 0 ok, 1 uncaught error, 2 usage error.
echo 'print("ok")' > "$T/ok.rls"
"$RLS" run "$T/ok.rls" > /dev/null; check "exit 0" 0 $?
printf 'fn evaluate(fb) {\n  let v = sum(fb.reward, axis: 3)\n  v\n}\nlet fb = {reward: [1, 2]}\nevaluate(fb)\n' > "$T/err.rls"
"$RLS" run "$T/err.rls" 2> "$T/err.txt"; check "exit 1" 1 $?
expected="$T/err.rls:2:11: error: sum: axis 3 is out of range for a tensor of rank 1 (use 0 or -1)
    2 |   let v = sum(fb.reward, axis: 3)
      |           ^^^
  at evaluate ($T/err.rls:2)
  at <script> ($T/err.rls:6)"
check "golden error block" "$expected" "$(cat "$T/err.txt")"
"$RLS" run 2> /dev/null; check "usage error exit 2" 2 $?
"$RLS" frobnicate 2> /dev/null; check "unknown subcommand exit 2" 2 $?
"$RLS" run "$T/missing.rls" 2> "$T/m.txt"; check "missing file exit 1" 1 $?
check "missing file message" "error: cannot open '$T/missing.rls': no such file" "$(cat "$T/m.txt")"

# Script arguments.
echo 'print(args)' > "$T/args.rls"
check "args" '["a", "--flag", "3"]' "$("$RLS" run "$T/args.rls" a --flag 3)"

# rls check: parses and resolves without running.
printf 'print("side effect")\nprint(undefined_name)\n' > "$T/bad.rls"
"$RLS" check "$T/bad.rls" 2> "$T/c.txt" > "$T/c.out"; check "check exit 1" 1 $?
check "check runs nothing" "" "$(cat "$T/c.out")"
check "check reports" "$T/bad.rls:2:7: error: undefined name 'undefined_name'" "$(head -1 "$T/c.txt")"
"$RLS" check "$T/ok.rls"; check "check ok exit 0" 0 $?
printf 'let a = (1 +\nlet b = ]\n' > "$T/syn.rls"
"$RLS" check "$T/syn.rls" 2> "$T/s.txt"; check "syntax exit 1" 1 $?

# Version.
check "version" "0.1.0" "$("$RLS" --version)"

# Invalid UTF-8 source is an error, not a crash.
printf 'print("\xff\xfe")\n' > "$T/bin.rls"
"$RLS" run "$T/bin.rls" 2> "$T/u.txt"; check "invalid utf-8 exit 1" 1 $?
check "invalid utf-8 message" "error: '$T/bin.rls' is not valid UTF-8 (byte offset 7)" "$(cat "$T/u.txt")"

# An empty file runs and prints nothing.
: > "$T/empty.rls"
check "empty file" "" "$("$RLS" run "$T/empty.rls")"

# REPL over a pipe: values are printed, no prompts, errors keep the session.
out=$(printf 'let x = 2\nx * 21\nprint(zzyzx)\nx + 1\nfn f(a) {\n  a * 10\n}\nf(4)\n"s"\n:help len\n:quit\nprint("not reached")\n' | "$RLS" 2>&1)
expected='42
<repl>:1:7: error: undefined name '"'"'zzyzx'"'"'
    1 | print(zzyzx)
      |       ^^^^^
3
40
"s"
len(x)

Length: elements of a list, Unicode characters of a string, entries of a map, rows of a matrix or elements of a vector, elements of a range.'
check "repl pipe" "$expected" "$out"

# Ctrl-C stops a running loop (VM and native) within 100 ms: exit 130.
for prog in 'let i = 0
while true { i += 1 }' 'let xs = []
while true { push(xs, 1); if len(xs) > 1000 { xs = [] } }'; do
  echo "$prog" > "$T/loop.rls"
  "$RLS" run "$T/loop.rls" 2> "$T/i.txt" &
  pid=$!
  sleep 0.5
  start=$(date +%s%N)
  kill -INT $pid
  wait $pid
  status=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  check "interrupt exit 130" 130 $status
  check "interrupt message" "error: interrupted" "$(head -1 "$T/i.txt" | sed 's/^.*: error: /error: /')"
  if [ $ms -le 100 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL interrupt took $ms ms"; fi
done

# Deep recursion is an error, not a crash.
echo 'fn f(n) { f(n + 1) }
f(0)' > "$T/deep.rls"
"$RLS" run "$T/deep.rls" 2> "$T/d.txt"; check "stack overflow exit 1" 1 $?
check "stack overflow message" "error: stack overflow (call depth 12000)" "$(head -1 "$T/d.txt" | sed 's/^.*: error: /error: /')"

# Deeply nested source is a syntax error, not a crash.
python3 -c 'print("let x = " + "[" * 100000)' > "$T/nest.rls"
"$RLS" run "$T/nest.rls" 2> "$T/n.txt"; check "deep nesting exit 1" 1 $?

# Stdlib is found from any working directory.
echo 'import table
table.show([{a: 1}])' > "$T/std.rls"
check "stdlib from elsewhere" "a
-
1" "$(cd / && "$RLS" run "$T/std.rls")"

# Figures: display() outside a notebook saves the SVG and prints where; every
# kind of figure renders with librsvg (rsvg-convert) without errors.
echo 'display(plot.line([1, 2, 3], title: "t"))' > "$T/fig.rls"
out=$("$RLS" run "$T/fig.rls")
case "$out" in "figure saved to "*.svg) pass=$((pass + 1));; *) fail=$((fail + 1)); echo "FAIL display saves figure: $out";; esac
[ -f "${out#figure saved to }" ]; check "saved figure exists" 0 $?
cat > "$T/figs.rls" <<'RLS'
let g = rng(5)
let d = args[0]
plot.line(arange(100), g.normal(100), smooth: 0.8, label: "run", title: "curve").save(d + "/a.svg")
plot.scatter(g.normal(50), g.normal(50), logx: false, label: "p").save(d + "/b.svg")
plot.hist(g.normal(1000), bins: 30, density: true).save(d + "/c.svg")
plot.bar(["x", "y & z"], [1, 2], title: "<bars>").save(d + "/d.svg")
plot.reliability(g.uniform(500), g.bernoulli(0.5, 500), bins: 8).save(d + "/e.svg")
plot.line([1, 10, 100], [3, 0.3, 0.03], logx: true, logy: true).save(d + "/f.svg")
RLS
"$RLS" run "$T/figs.rls" "$T"; check "figures script" 0 $?
if command -v rsvg-convert > /dev/null; then
  for f in a b c d e f; do rsvg-convert "$T/$f.svg" -o "$T/$f.png" 2> "$T/rsvg.txt"; check "rsvg renders $f.svg" "0:" "$?:$(cat "$T/rsvg.txt")"; done
else
  fail=$((fail + 1)); echo "FAIL rsvg-convert is not installed (make test installs librsvg2-bin)"
fi

# The tour (`make demo`) runs to the end from another working directory.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
(cd "$T" && "$RLS" run "$ROOT/docs/tour.rls" > "$T/tour.out" 2>&1); check "tour exit 0" 0 $?
check "tour reaches PPO" 1 "$(grep -c '^PPO: 99840 steps' "$T/tour.out")"

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
