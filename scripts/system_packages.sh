#!/usr/bin/env bash
# The system packages the tests need, installed when missing: Debian's Chromium for the browser tests
# (Playwright drives it; its own browser download needs the internet) and DejaVu fonts, which the test
# PDFs embed for Vietnamese. Used by `make test` and by CI. Without root it says what to run instead.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Thiếu gói hệ thống cho bộ kiểm thử: ${missing[*]}. Hãy chạy (với quyền root):" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "Thiếu gói hệ thống: ${missing[*]} (máy này không có apt-get: hãy cài Chromium vào /usr/bin/chromium và phông DejaVu)." >&2
  exit 1
fi
echo "Cài gói hệ thống cho bộ kiểm thử: ${missing[*]}…" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
