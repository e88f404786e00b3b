#!/usr/bin/env bash
# A private Dovecot IMAP server for the inbox tests: 127.0.0.1 on a free port, one passwd-file
# user (teacher / teacher-secret), maildir, no TLS, plain login allowed (localhost only).
# Installs dovecot-imapd from Debian when it is missing (as root). Reuses a server this script
# started before in the same folder. Prints the port.
#   usage: scripts/dovecot.sh [FOLDER]      (default: $TMPDIR/outreach-dovecot-<uid>)
# Exit 3: Dovecot is missing and cannot be installed here; 1: it would not start.
set -euo pipefail
DIR="${1:-${OUTREACH_DOVECOT_DIR:-${TMPDIR:-/tmp}/outreach-dovecot-$(id -u)}}"
DOVECOT="$(command -v dovecot || true)"
[ -n "$DOVECOT" ] || DOVECOT=/usr/sbin/dovecot
if [ ! -x "$DOVECOT" ]; then
    bash "$(dirname "$0")/debian-package.sh" dovecot-imapd dovecot || exit 3
    DOVECOT="$(command -v dovecot)"
fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
if [ -s "$DIR/port" ] && [ -s "$DIR/run/master.pid" ] && kill -0 "$(cat "$DIR/run/master.pid")" 2>/dev/null; then
    cat "$DIR/port"
    exit 0
fi
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if [ "$(id -u)" = 0 ]; then
    MAIL_USER=dovecot; LOGIN_USER=dovenull; INTERNAL_USER=dovecot
else
    MAIL_USER="$(id -un)"; LOGIN_USER="$MAIL_USER"; INTERNAL_USER="$MAIL_USER"
fi
mkdir -p "$DIR/run" "$DIR/state" "$DIR/mail"
chown "$MAIL_USER" "$DIR/mail"
printf 'teacher:{PLAIN}teacher-secret::::::\n' > "$DIR/users"
cat > "$DIR/dovecot.conf" <<CONF
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $DIR/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A refused login answers at once and costs the next ones nothing (by default Dovecot waits
# 2 s before saying no, then makes the next login from the address wait 4 s: the tests share
# one server, so a wrong-password test slowed every worker's logins; anvil's penalty is off below).
auth_failure_delay = 0
default_internal_user = $INTERNAL_USER
default_login_user = $LOGIN_USER
first_valid_uid = 1
mail_location = maildir:$DIR/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = static
  args = uid=$MAIL_USER gid=$(id -gn "$MAIL_USER") home=$DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  chroot =
}
CONF
"$DOVECOT" -c "$DIR/dovecot.conf" </dev/null >/dev/null 2>&1  # a daemon: it must not hold our output open
for _ in $(seq 100); do
    if python3 -c "import socket, sys; socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null; then
        echo "$PORT" > "$DIR/port"
        echo "$PORT"
        exit 0
    fi
    sleep 0.1
done
echo "dovecot did not start listening on 127.0.0.1:$PORT (see $DIR/dovecot.log)" >&2
exit 1
