#!/usr/bin/env bash
# Installs the Debian packages the test suite and benchmarks use: reference name servers (Knot, BIND, NSD),
# dig/kdig, dnsperf, the real DDNS clients (ddclient with the Perl TLS module it only recommends, inadyn),
# Chromium for console tests, tools (curl, openssl), and what node-gyp needs to build the batched-UDP addon at
# npm install (g++, make, python3; without them the install still succeeds and UDP runs on node:dgram).
# Safe to run again: packages already present are skipped.
set -euo pipefail
PKGS=(knot knot-dnsutils bind9 bind9-dnsutils dnsperf nsd ddclient libio-socket-ssl-perl inadyn chromium iproute2 openssl curl systemd procps ca-certificates g++ make python3)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  # ddclient's maintainer script would otherwise offer to fetch a host list from a public service.
  echo 'ddclient ddclient/fetchhosts select Manually' | $SUDO debconf-set-selections 2>/dev/null || true
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The Debian packages start their daemons; the tests start their own instances on other ports.
for svc in knot bind9 named nsd ddclient inadyn; do
  systemctl stop "$svc" >/dev/null 2>&1 || true
done
