# Sourced by the install-*.sh scripts: `apt_install WHO WHAT PACKAGE...` installs Debian packages
# as root, or through sudo when it needs no password; otherwise it says, as WHO, that WHAT needs
# them and what to run as root, and exits non-zero.
apt_install() {
  local who=$1 what=$2
  shift 2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=sudo; else
      echo "$who: $what needs Debian packages this user cannot install; as root run: apt-get install $*" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
