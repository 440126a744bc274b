#!/usr/bin/env bash
# Debian packages the build and tests need: Chromium (browser tests, screenshots),
# nginx (production server tests), Pango (WeasyPrint's text layout), poppler-utils
# (pdftoppm, to look at PDF pages). Installs only what is missing; needs root.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || need+=(nginx-light)
ldconfig -p | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
fc-list | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Not root: run 'sudo apt-get install ${need[*]}' and try again." >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
