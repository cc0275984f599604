#!/usr/bin/env bash
# Provokes each signal the ec2-autoscaling-monitoring stack watches, on one of its Ubuntu instances:
# Apache 403/404 errors, CPU load, memory and disk pressure, network traffic. Every step is bounded in time and
# everything it starts or creates is stopped and removed on exit, Ctrl-C or error.
set -euo pipefail

readonly MAX_DURATION=3600
readonly MAX_MEMORY_PERCENT=90

usage() {
  cat <<'EOF'
Usage: cloudwatch-metric-test.sh [--dry-run] COMMAND [OPTIONS]

Commands:
  apache-errors [--count N] [--base-url URL] [--docroot DIR]
        Requests a missing page (404) and a forbidden directory (403) N times each (default 20), so Apache's
        error.log gets lines. Default URL http://127.0.0.1, docroot /var/www/html.
  cpu --percent P --duration S
        Holds total CPU near P% on all cores for S seconds (stress-ng --cpu-load).
  memory --percent P --duration S
        Holds P% of total memory (at most 90) for S seconds.
  disk --size SIZE [--dir DIR] [--min-free SIZE] [--duration S]
        Writes a SIZE file (e.g. 500M, 2G) in DIR (default /var/tmp) for S seconds (default 180); refuses when
        free space would drop under --min-free (default 1G).
  network --duration S [--url URL]
        Downloads from and uploads to URL for S seconds. Default: the stack's load balancer, as the instance's
        boot wrote it to /etc/ec2-monitoring/load-test-url, so the traffic crosses the instance's network
        interface (the agent's net plugin does not count loopback).
  all [--step-seconds S]
        Apache errors, then CPU at the warning threshold (60%), then at the critical one (80%), each for S seconds
        (default 420: the alarms need 3 of 5 one-minute datapoints), saying which alarm should fire when.

Options:
  --dry-run   print what would run and change nothing
  -h, --help  this text

Durations are capped at 3600 seconds. Needs: stress-ng, curl, fallocate (apt-get install -y stress-ng curl util-linux).
EOF
}

DRY_RUN=false
WORKERS=()
CREATED=()

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

cleanup() {
  local pid path
  for pid in "${WORKERS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      # Each worker leads its own process group: stop it and its children.
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${WORKERS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  WORKERS=()
  for path in "${CREATED[@]}"; do
    if [[ -e "$path" ]]; then
      chmod -R u+rwx "$path" 2>/dev/null || true
      rm -rf -- "$path"
    fi
  done
  CREATED=()
}

on_signal() {
  log "interrupted: stopping workers and removing files"
  exit 130
}

trap cleanup EXIT
trap on_signal INT TERM

require_tool() {
  local tool=$1 package=$2
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed; install it with: sudo apt-get install -y $package"
}

# Runs a command, or only prints it with --dry-run.
run() {
  if $DRY_RUN; then
    printf 'would run: %s\n' "$*"
  else
    "$@"
  fi
}

# Creates a path with a command and registers it for removal; with --dry-run only prints it. The command gets the
# path as its last argument ("mkdir", "fallocate -l 1024"), or as its output with a trailing "-o".
make_path() {
  local command=$1 path=$2
  if $DRY_RUN; then
    printf 'would create: %s (%s)\n' "$path" "${command% -o}"
    return
  fi
  CREATED+=("$path")
  if [[ "$command" == *" -o" ]]; then
    ${command% -o} > "$path"
  else
    $command "$path"
  fi
}

# Starts a command as its own process group so cleanup can stop everything it spawned.
start_worker() {
  if $DRY_RUN; then
    printf 'would run: %s\n' "$*"
    return
  fi
  setsid "$@" &
  WORKERS+=("$!")
}

wait_workers() {
  local pid
  for pid in "${WORKERS[@]}"; do
    wait "$pid" || true
  done
  WORKERS=()
}

number_in_range() {
  local name=$1 value=$2 low=$3 high=$4
  [[ "$value" =~ ^[0-9]+$ ]] || die "$name must be a whole number, got '$value'"
  (( value >= low && value <= high )) || die "$name must be between $low and $high, got $value"
}

# 500M, 2G, 1024K or a plain byte count -> bytes.
to_bytes() {
  local size=$1
  [[ "$size" =~ ^([0-9]+)([KMG]?)$ ]] || die "size must look like 500M or 2G, got '$size'"
  local n=${BASH_REMATCH[1]}
  case ${BASH_REMATCH[2]} in
    K) echo $(( n * 1024 )) ;;
    M) echo $(( n * 1024 * 1024 )) ;;
    G) echo $(( n * 1024 * 1024 * 1024 )) ;;
    *) echo "$n" ;;
  esac
}

cmd_apache_errors() {
  local count=20 base_url=http://127.0.0.1 docroot=/var/www/html
  while (( $# )); do
    case $1 in
      --count) count=$2; shift 2 ;;
      --base-url) base_url=${2%/}; shift 2 ;;
      --docroot) docroot=$2; shift 2 ;;
      *) die "apache-errors: unknown option $1" ;;
    esac
  done
  number_in_range --count "$count" 1 10000
  require_tool curl curl
  [[ -d "$docroot" ]] || die "document root $docroot does not exist (is Apache installed?)"
  $DRY_RUN || [[ -w "$docroot" ]] || die "cannot write to $docroot: run with sudo"

  # A directory nobody may search: Apache answers 403 and logs AH00035 at error level.
  local forbidden="$docroot/load-test-forbidden"
  [[ ! -e "$forbidden" ]] || die "$forbidden already exists and is not this script's; remove it first"
  make_path mkdir "$forbidden"
  run chmod 000 "$forbidden"

  log "requesting $count missing pages (404) and $count forbidden ones (403) from $base_url"
  local i code404=0 code403=0 status
  for (( i = 1; i <= count; i++ )); do
    if $DRY_RUN; then
      printf 'would run: curl %s/load-test-missing-%d and %s/load-test-forbidden/\n' "$base_url" "$i" "$base_url"
      break
    fi
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base_url/load-test-missing-$i" || true)
    [[ "$status" == 404 ]] && code404=$(( code404 + 1 ))
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base_url/load-test-forbidden/" || true)
    [[ "$status" == 403 ]] && code403=$(( code403 + 1 ))
  done
  $DRY_RUN || log "answers: $code404 x 404, $code403 x 403"
}

# Reads "--percent P --duration S" for the command named first; sets percent and duration in the caller.
percent_and_duration() {
  local command=$1
  shift
  percent='' duration=''
  while (( $# )); do
    case $1 in
      --percent) percent=$2; shift 2 ;;
      --duration) duration=$2; shift 2 ;;
      *) die "$command: unknown option $1" ;;
    esac
  done
  [[ -n "$percent" && -n "$duration" ]] || die "$command needs --percent and --duration"
}

cmd_cpu() {
  local percent duration
  percent_and_duration cpu "$@"
  number_in_range --percent "$percent" 1 100
  number_in_range --duration "$duration" 1 "$MAX_DURATION"
  require_tool stress-ng stress-ng
  log "holding CPU near ${percent}% on all $(nproc) cores for ${duration}s"
  start_worker stress-ng --cpu 0 --cpu-load "$percent" --timeout "${duration}s" --quiet
  wait_workers
}

cmd_memory() {
  local percent duration
  percent_and_duration memory "$@"
  number_in_range --percent "$percent" 1 "$MAX_MEMORY_PERCENT"
  number_in_range --duration "$duration" 1 "$MAX_DURATION"
  require_tool stress-ng stress-ng
  log "holding ${percent}% of memory for ${duration}s"
  start_worker stress-ng --vm 1 --vm-bytes "${percent}%" --vm-keep --timeout "${duration}s" --quiet
  wait_workers
}

cmd_disk() {
  local size='' dir=/var/tmp min_free=1G duration=180
  while (( $# )); do
    case $1 in
      --size) size=$2; shift 2 ;;
      --dir) dir=$2; shift 2 ;;
      --min-free) min_free=$2; shift 2 ;;
      --duration) duration=$2; shift 2 ;;
      *) die "disk: unknown option $1" ;;
    esac
  done
  [[ -n "$size" ]] || die "disk needs --size"
  number_in_range --duration "$duration" 1 "$MAX_DURATION"
  require_tool fallocate util-linux
  [[ -d "$dir" ]] || die "directory $dir does not exist"
  local bytes floor free
  bytes=$(to_bytes "$size")
  floor=$(to_bytes "$min_free")
  free=$(( $(df -Pk "$dir" | awk 'NR == 2 {print $4}') * 1024 ))
  if (( free - bytes < floor )); then
    die "refusing: writing $size to $dir would leave $(( (free - bytes) / 1048576 )) MiB free, under the floor of $min_free"
  fi
  $DRY_RUN || [[ -w "$dir" ]] || die "cannot write to $dir: run with sudo"
  local file="$dir/load-test-disk.$$"
  log "writing $size to $file for ${duration}s ($(( free / 1048576 )) MiB free before)"
  make_path "fallocate -l $bytes" "$file"
  start_worker sleep "$duration"
  wait_workers
  run rm -f -- "$file"
  log "removed $file"
}

readonly TARGET_FILE=${LOAD_TEST_TARGET_FILE:-/etc/ec2-monitoring/load-test-url}

cmd_network() {
  local duration='' url=''
  while (( $# )); do
    case $1 in
      --duration) duration=$2; shift 2 ;;
      --url) url=$2; shift 2 ;;
      *) die "network: unknown option $1" ;;
    esac
  done
  [[ -n "$duration" ]] || die "network needs --duration"
  if [[ -z "$url" ]]; then
    [[ -r "$TARGET_FILE" ]] || die "network: no target: $TARGET_FILE is missing (the stack's instances have it); pass --url URL"
    url=$(<"$TARGET_FILE")
  fi
  number_in_range --duration "$duration" 1 "$MAX_DURATION"
  require_tool curl curl
  local payload="${TMPDIR:-/tmp}/load-test-payload.$$"
  make_path "head -c 1048576 /dev/urandom -o" "$payload"
  log "downloading from and uploading to $url for ${duration}s"
  # shellcheck disable=SC2016 # $1 and $2 expand in the inner shell, from the arguments after it.
  start_worker timeout "$duration" bash -c '
    while true; do
      curl -s -o /dev/null --max-time 10 "$1" || sleep 1
      curl -s -o /dev/null --max-time 10 --data-binary @"$2" "$1" || sleep 1
    done' network-load "$url" "$payload"
  wait_workers
}

cmd_all() {
  local step=420
  while (( $# )); do
    case $1 in
      --step-seconds) step=$2; shift 2 ;;
      *) die "all: unknown option $1" ;;
    esac
  done
  number_in_range --step-seconds "$step" 1 "$MAX_DURATION"
  log "step 1/3: Apache 403/404 errors: cpu-alert will quote these lines in its Slack message"
  cmd_apache_errors --count 20
  log "step 2/3: CPU at 60% for ${step}s: the cpu-warning alarm should fire after 3 of 5 minutes"
  cmd_cpu --percent 60 --duration "$step"
  log "step 3/3: CPU at 80% for ${step}s: the cpu-critical alarm should fire after 3 of 5 minutes"
  cmd_cpu --percent 80 --duration "$step"
  log "done: both alarms return to OK a few minutes after the load stops"
}

main() {
  while (( $# )); do
    case $1 in
      --dry-run) DRY_RUN=true; shift ;;
      -h|--help) usage; exit 0 ;;
      *) break ;;
    esac
  done
  (( $# )) || { usage >&2; exit 2; }
  local command=$1
  shift
  case $command in
    apache-errors) cmd_apache_errors "$@" ;;
    cpu) cmd_cpu "$@" ;;
    memory) cmd_memory "$@" ;;
    disk) cmd_disk "$@" ;;
    network) cmd_network "$@" ;;
    all) cmd_all "$@" ;;
    *) usage >&2; die "unknown command '$command'" ;;
  esac
}

main "$@"
