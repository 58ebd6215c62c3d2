#!/bin/sh
# Makes openldap_export.ldif and ldapsearch_export.ldif: 140 accounts of a
# school directory whose userPassword values were hashed by OpenLDAP's own
# slappasswd (and by passlib for {PBKDF2-*}, which the Debian slapd package
# does not ship), loaded into a real slapd database with slapadd and
# exported with slapcat and with ldapsearch. OpenLDAP writes userPassword
# base64-encoded ("userPassword:: e1NTSEF9...") and folds lines at 76
# columns, so the longer hashes continue on lines starting with a space.
#
# Needs: apt-get install -y slapd ldap-utils python3-passlib
# Run from this directory: sh make.sh
set -eu
tmp=$(mktemp -d)
trap 'kill $(cat "$tmp/slapd.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$tmp"' EXIT
mkdir "$tmp/db"
cat > "$tmp/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload pw-sha2
moduleload argon2
pidfile $tmp/slapd.pid
database mdb
suffix "dc=skole,dc=example"
rootdn "cn=admin,dc=skole,dc=example"
rootpw secret-for-the-export-only
directory $tmp/db
CONF
# slappasswd keeps only its last -o module-load: one module per scheme.
mods() { case $1 in '{ARGON2}') echo "-o module-path=/usr/lib/ldap -o module-load=argon2.la" ;; '{SSHA256}'|'{SSHA512}') echo "-o module-path=/usr/lib/ldap -o module-load=pw-sha2.la" ;; esac; }
pw() { /usr/bin/python3 -c 'import secrets,string; a=string.ascii_letters+string.digits+"!#%&?"; print("".join(secrets.choice(a) for _ in range(12)))'; }
{
	printf 'dn: dc=skole,dc=example\nobjectClass: dcObject\nobjectClass: organization\no: Skole\ndc: skole\n\n'
	printf 'dn: ou=people,dc=skole,dc=example\nobjectClass: organizationalUnit\nou: people\n\n'
	printf 'dn: ou=groups,dc=skole,dc=example\nobjectClass: organizationalUnit\nou: groups\n\n'
	i=1
	# 140 accounts, 12 of each of the schemes in turn (the last one fewer).
	for scheme in '{SSHA}' '{SHA}' '{SMD5}' '{MD5}' '{CRYPT}' '{SSHA256}' '{SSHA512}' '{ARGON2}' '{PBKDF2-SHA256}' '{PBKDF2-SHA512}' '{SSHA}' '{CRYPT}'; do
		n=$((140 / 12 + 1))
		j=0
		while [ $j -lt $n ] && [ $i -le 140 ]; do
			p=$(pw)
			case $scheme in
			'{CRYPT}') h=$(slappasswd -h '{CRYPT}' -c '$6$%.16s' -s "$p") ;;
			'{PBKDF2-SHA256}') h=$(/usr/bin/python3 -c 'import sys; from passlib.hash import ldap_pbkdf2_sha256 as h; print(h.hash(sys.argv[1]))' "$p") ;;
			'{PBKDF2-SHA512}') h=$(/usr/bin/python3 -c 'import sys; from passlib.hash import ldap_pbkdf2_sha512 as h; print(h.hash(sys.argv[1]))' "$p") ;;
			*) h=$(slappasswd $(mods "$scheme") -h "$scheme" -s "$p") ;;
			esac
			u=$(printf 'elev%03d' $i)
			printf 'dn: uid=%s,ou=people,dc=skole,dc=example\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: %s\ncn: Elev %d\nsn: Elev\nuidNumber: %d\ngidNumber: 10000\nhomeDirectory: /home/%s\nuserPassword: %s\n\n' \
				"$u" "$u" $i $((10000 + i)) "$u" "$h"
			i=$((i + 1)); j=$((j + 1))
		done
	done
	# Groups have no password.
	for g in 7a 7b 8a; do
		printf 'dn: cn=klasse%s,ou=groups,dc=skole,dc=example\nobjectClass: posixGroup\ncn: klasse%s\ngidNumber: 2%s\n\n' $g $g "$(printf %s $g | od -An -tu1 | tr -d ' \n')"
	done
} > "$tmp/in.ldif"
slapadd -q -f "$tmp/slapd.conf" -l "$tmp/in.ldif"
slapcat -f "$tmp/slapd.conf" > openldap_export.ldif
slapd -f "$tmp/slapd.conf" -h "ldapi://$(printf %s "$tmp/ldapi" | sed 's,/,%2F,g')"
for k in 1 2 3 4 5 6 7 8 9 10; do [ -S "$tmp/ldapi" ] && break; sleep 0.5; done
ldapsearch -LLL -x -H "ldapi://$(printf %s "$tmp/ldapi" | sed 's,/,%2F,g')" -D cn=admin,dc=skole,dc=example \
	-w secret-for-the-export-only -b dc=skole,dc=example '(objectClass=posixAccount)' uid cn userPassword > ldapsearch_export.ldif
