#!/usr/bin/env bash
# What the browser tests need beyond Python: Debian's Chromium, fonts with Chinese glyphs for the PDFs, Java for
# the Nu Html Checker, qpdf (the report PDFs' structure check), and the npm checkers (axe-core, vnu-jar) in tests/browser/node_modules; and nginx, the
# load balancer in front of two app nodes in tests/deployment. Installed only when missing, so a second run costs
# nothing. Sourced by test.sh after devenv.sh.

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "Cannot install $* here (needs root and apt-get); install it yourself"
    return 1
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_browser_deps() {
  local wanted=()
  [ -x /usr/bin/chromium ] || wanted+=(chromium)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || wanted+=(fonts-noto-cjk)
  command -v java >/dev/null 2>&1 || wanted+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || wanted+=(npm)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || wanted+=(nginx-light)
  command -v qpdf >/dev/null 2>&1 || wanted+=(qpdf)
  if [ ${#wanted[@]} -gt 0 ]; then
    say "Installing ${wanted[*]} from Debian's packages"
    apt_install "${wanted[@]}" || true
  fi
  local node_dir="$ROOT/tests/browser"
  local stamp="$node_dir/node_modules/.package.sha256"
  local wanted_sum
  wanted_sum="$(sha256sum "$node_dir/package.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted_sum" ]; then
    say "Installing the page checkers (axe-core, vnu-jar) from npm"
    (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null) && echo "$wanted_sum" >"$stamp" ||
      say "npm could not install the checkers; the browser tests will say so"
  fi
}
