#!/bin/bash
# Creates the data-protection certificate in Key Vault once (run by a deployment script; VAULT and CERT come from it).
# An existing certificate is kept: the key ring in the database is encrypted with it. The certificate does not renew
# itself (a new one would leave the stored keys unreadable, signing everyone out); it lasts ten years.
set -euo pipefail

cat > policy.json <<'POLICY'
{
  "issuerParameters": { "name": "Self" },
  "keyProperties": { "exportable": true, "keyType": "RSA", "keySize": 3072, "reuseKey": false },
  "secretProperties": { "contentType": "application/x-pkcs12" },
  "x509CertificateProperties": {
    "subject": "CN=VoiceSite data protection",
    "keyUsage": [ "keyEncipherment", "dataEncipherment", "digitalSignature" ],
    "validityInMonths": 120
  },
  "lifetimeActions": [ { "action": { "actionType": "EmailContacts" }, "trigger": { "daysBeforeExpiry": 90 } } ]
}
POLICY

# The script's role on the vault can take a few minutes to apply: retry while access is refused.
for attempt in $(seq 1 30); do
  if out=$(az keyvault certificate show --vault-name "$VAULT" --name "$CERT" --query id --output tsv 2>&1); then
    echo "Certificate $CERT already exists: $out"
    exit 0
  fi
  if echo "$out" | grep -qi 'not found'; then
    if az keyvault certificate create --vault-name "$VAULT" --name "$CERT" --policy @policy.json --output none; then
      echo "Certificate $CERT created."
      exit 0
    fi
  fi
  echo "Attempt $attempt: Key Vault not ready ($out); retrying in 10 s."
  sleep 10
done
echo "Could not create the certificate $CERT in $VAULT." >&2
exit 1
