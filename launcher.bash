# Sourced by ./gmmseg and ./gmmseg-spark once they have set $root: building when stale, the JVM
# options of jvm.options, the locale, and running java in the launcher's place.

# A child of the launcher gets SIGTERM when the launcher dies, even by kill -9 (Linux's setpriv;
# Ctrl-C reaches the child anyway), so a build never runs on alone.
on_parent_death=()
! command -v setpriv >/dev/null || on_parent_death=(setpriv --pdeathsig TERM)

# Builds with Maven (output shown only if it fails) when one of the given files is missing or a
# pom.xml or source file is newer than the first.
build_if_stale() { # MODULE FILE...
  local module=$1 file stale=false
  shift
  for file in "$@"; do [[ -f "$file" ]] || stale=true; done
  $stale || [[ -n "$(find "$root" \( -name target -o -name .git -o -name node_modules \) -prune -o \
    -type f \( -name pom.xml -o -path '*/src/*' \) -newer "$1" -print -quit)" ]] || return 0
  local log="$root/$module/target/launcher-build.log"
  mkdir -p "$root/$module/target"
  local status=0
  (cd "$root" && exec "${on_parent_death[@]}" mvn -q -B -DskipTests -pl "$module" -am package) >"$log" 2>&1 ||
    status=$?
  ((status <= 128)) || exit "$status" # stopped by a signal (Ctrl-C): no failure to report
  if ((status != 0)); then
    echo "${0##*/}: building $1 failed (mvn -q -B -DskipTests -pl $module -am package):" >&2
    cat "$log" >&2
    exit 1
  fi
  touch "$@" # a rebuild that changed nothing must still count as fresh
}

# Under the C locale the JVM cannot turn non-ASCII file names into paths; use UTF-8 where it exists.
if [[ "$(locale charmap 2>/dev/null)" == ANSI_X3.4-1968 ]]; then
  utf8="$(locale -a 2>/dev/null | grep -i -x 'c\.utf-\?8' || true)"
  [[ -z "$utf8" ]] || export LC_ALL="${utf8%%$'\n'*}"
fi

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
options=() # jvm.options without comments, ${root} filled in
while IFS= read -r line || [[ -n "$line" ]]; do
  [[ -z "$line" || "$line" == \#* ]] || options+=("${line//'${root}'/$root}")
done <"$root/jvm.options"

# The JVM's notes on stderr at every start (the number of compiler directives, then the incubator
# module) tell a user nothing: they are dropped, the lines before them passed on, and all after the
# module's note passed on byte by byte, so the progress bar redraws in place.
drop_jvm_notes() {
  local line
  while IFS= read -r line; do
    case "$line" in
      [0-9]*" compiler directives added") ;;
      "WARNING: Using incubator modules: "*) exec cat ;;
      *) printf '%s\n' "$line" ;;
    esac
  done
  printf '%s' "$line"
}

# Runs java with the options, GMMSEG_JAVA_OPTS after them (they win), then the arguments. java
# replaces the launcher's shell, so signals reach it and nothing outlives it; the filter reads its
# stderr to the end (it ignores Ctrl-C, so the JVM's last words pass), and Main waits for it.
exec_java() { # ARGUMENT...
  local user_options stderr_tty=false
  read -r -a user_options <<<"${GMMSEG_JAVA_OPTS:-}"
  # whether stderr is a terminal, for the progress bar (the JVM can only tell about stdin and stdout)
  [[ ! -t 2 ]] || stderr_tty=true
  exec 2> >(trap '' INT; drop_jvm_notes >&2)
  exec "$java_cmd" "${options[@]}" -Dgmmseg.stderr.tty="$stderr_tty" -Dgmmseg.stderr.filter=true \
    "${user_options[@]}" "$@"
}
