#!/usr/bin/env bash
# bench-lint.sh: build a large nginx configuration tree, time `wssgen lint`
# on it (throughput and peak memory) and, when nginx is installed, time
# `nginx -t` on the same tree.
#
# Usage: scripts/bench-lint.sh [SERVERS] [FILES]
#   SERVERS  server blocks to generate (default 20000)
#   FILES    files to spread them over, all included from nginx.conf
#            (default 200)
# Environment: KEEP=1 keeps the generated tree; NO_NGINX=1 skips nginx -t
# (which loads every certificate and takes about a minute for 20000
# servers); RUNS sets how many times wssgen lint runs (default 5; the
# median is reported). GOMAXPROCS is set to 1 so the figure is single-core
# throughput.
set -euo pipefail

servers=${1:-20000}
files=${2:-200}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/wssgen-bench.XXXXXX")
if [[ "${KEEP:-}" != 1 ]]; then
	trap 'rm -rf "$work"' EXIT
fi
tree=$work/nginx
mkdir -p "$tree/sites"

echo "building wssgen"
(cd "$root" && go build -o "$work/wssgen" ./cmd/wssgen)

# One certificate for every server, so nginx -t has something to load.
cert=$tree/cert.pem key=$tree/key.pem
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj /CN=bench.example -keyout "$key" -out "$cert" 2>/dev/null
fi

cat >"$tree/nginx.conf" <<CONF
worker_processes 1;
events {}
http {
    server_names_hash_max_size 262144;
    server_names_hash_bucket_size 128;
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ''      close;
    }
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers off;
    include sites/*.conf;
}
CONF

echo "generating $servers servers in $files files"
awk -v servers="$servers" -v files="$files" -v dir="$tree/sites" -v cert="$cert" -v key="$key" '
BEGIN {
	per = int((servers + files - 1) / files)
	for (n = 0; n < servers; n++) {
		if (n % per == 0) {
			if (out != "") close(out)
			out = sprintf("%s/%05d.conf", dir, n / per)
		}
		protocols = (n % 10 == 0) ? "TLSv1 TLSv1.2 TLSv1.3" : "TLSv1.2 TLSv1.3"
		timeout = (n % 7 == 0) ? "" : "        proxy_read_timeout 3600s;\n"
		printf "# site %d\nserver {\n    listen 443 ssl;\n    listen [::]:443 ssl;\n", n > out
		printf "    server_name site%d.example.com;\n", n > out
		printf "    ssl_certificate     %s;\n    ssl_certificate_key %s;\n", cert, key > out
		printf "    ssl_protocols %s;\n", protocols > out
		printf "    add_header Strict-Transport-Security \"max-age=63072000\" always;\n" > out
		printf "    location /ws {\n        proxy_pass http://127.0.0.1:%d;\n", 10000 + n % 50000 > out
		printf "        proxy_http_version 1.1;\n        proxy_set_header Upgrade $http_upgrade;\n" > out
		printf "        proxy_set_header Connection $connection_upgrade;\n" > out
		printf "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n" > out
		printf "%s    }\n}\n", timeout > out
	}
}'

bytes=$(find "$tree" -name '*.conf' -exec cat {} + | wc -c)
echo "tree: $bytes bytes in $((files + 1)) files"

# measure LABEL RUNS CMD...: run CMD RUNS times under /usr/bin/time and
# print the median run's wall and CPU time (user+sys), its throughput per
# CPU second (what one core does, unaffected by other load on the
# machine), the best run's throughput and the highest peak resident
# memory. On a shared machine single runs vary by a third; the median of
# several is a figure worth comparing.
measure() {
	local label=$1 runs=$2
	shift 2
	local log=$work/time.log all=$work/runs.txt rc
	: >"$all"
	for ((i = 0; i < runs; i++)); do
		set +e
		/usr/bin/time -f '%e %U %S %M' -o "$log" "$@" >"$work/out.txt" 2>"$work/err.txt"
		rc=$?
		set -e
		# time(1) puts "Command exited with non-zero status N" before the figures.
		echo "$(tail -n 1 "$log") $rc" >>"$all"
	done
	sort -n -k6 <(awk '{print $0, $2 + $3}' "$all") | awk -v l="$label" -v b="$bytes" -v n="$runs" '
		{ secs[NR] = $1; cpu[NR] = $6; rc[NR] = $5; if ($4 > kib) kib = $4 }
		END {
			m = int((n + 1) / 2)
			mbs = (cpu[m] > 0) ? b / 1e6 / cpu[m] : 0
			best = (cpu[1] > 0) ? b / 1e6 / cpu[1] : 0
			printf "%-12s wall %6.2fs  cpu %6.2fs  %7.1f MB/s per CPU second (median of %d, best %.1f)  peak RSS %7.1f MiB (%.1fx input)  exit %d\n", l, secs[m], cpu[m], mbs, n, best, kib / 1024, kib * 1024 / b, rc[m]
		}'
}

export GOMAXPROCS=1
# Exit 1 is expected: the tree has known findings.
measure "wssgen lint" "${RUNS:-5}" "$work/wssgen" lint --format json "$tree/nginx.conf"
grep -o '"findings": [0-9][0-9]*' "$work/out.txt" | sed 's/^/  summary /'
if [[ "${NO_NGINX:-}" == 1 ]]; then
	echo "NO_NGINX=1: skipping nginx -t"
elif command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]]; then
	nginx=$(command -v nginx || echo /usr/sbin/nginx)
	measure "nginx -t" 1 "$nginx" -t -q -p "$tree" -e stderr -c "$tree/nginx.conf" -g "pid $work/nginx.pid;"
	if [[ -s $work/err.txt ]]; then
		head -3 "$work/err.txt" | sed 's/^/  nginx: /'
	fi
else
	echo "nginx not installed: skipping nginx -t"
fi
