# Populates or changes a provisioned Samba AD domain for connectors/smb/adtest.
# Runs with the system python3 (the samba bindings live there). Reads one
# JSON object on stdin:
#   {"conf": smb.conf path,
#    "users": [[name, password], ...],
#    "groups": [name, ...],
#    "members": [[group, [member, ...]], ...],
#    "spns": [[account, spn], ...],
#    "acls": [[path, sddl], ...],
#    "sids": [name, ...]}
# and prints {"sids": {name: sid}, "domain_sid": sid} as JSON.
import json
import sys

import ldb
import samba
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

req = json.load(sys.stdin)
lp = LoadParm()
lp.load(req["conf"])
sess = system_session()
db = SamDB(url=lp.private_path("sam.ldb"), session_info=sess, lp=lp)
domsid = str(db.get_domain_sid())

db.transaction_start()
try:
    if req.get("policy"):
        m = ldb.Message()
        m.dn = ldb.Dn(db, db.domain_dn())
        m["pwdProperties"] = ldb.MessageElement("0", ldb.FLAG_MOD_REPLACE, "pwdProperties")
        m["maxPwdAge"] = ldb.MessageElement("-9223372036854775808", ldb.FLAG_MOD_REPLACE, "maxPwdAge")
        db.modify(m)
    for name, pw in req.get("users") or []:
        db.newuser(name, pw)
    for name in req.get("groups") or []:
        db.newgroup(name)
    for group, members in req.get("members") or []:
        db.add_remove_group_members(group, members, add_members_operation=True)
    for account, spn in req.get("spns") or []:
        res = db.search(base=db.domain_dn(), scope=ldb.SCOPE_SUBTREE,
                        expression="(sAMAccountName=%s)" % ldb.binary_encode(account),
                        attrs=["servicePrincipalName"])
        m = ldb.Message()
        m.dn = res[0].dn
        m["servicePrincipalName"] = ldb.MessageElement(spn, ldb.FLAG_MOD_ADD, "servicePrincipalName")
        db.modify(m)
    db.transaction_commit()
except Exception:
    db.transaction_cancel()
    raise

if req.get("acls"):
    from samba.ntacls import setntacl
    for path, sddl in req["acls"]:
        setntacl(lp, path, sddl, domsid, sess, use_ntvfs=True)

sids = {}
for name in req.get("sids") or []:
    res = db.search(base=db.domain_dn(), scope=ldb.SCOPE_SUBTREE,
                    expression="(sAMAccountName=%s)" % ldb.binary_encode(name),
                    attrs=["objectSid"])
    if len(res) == 1:
        sids[name] = str(db.schema_format_value("objectSid", res[0]["objectSid"][0]), "utf-8")
print(json.dumps({"sids": sids, "domain_sid": domsid}))
