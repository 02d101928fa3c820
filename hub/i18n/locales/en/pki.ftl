# PKI: certificates, chains, revocation, CMS and XML signatures (R16).
# Each message says what was wrong, about which certificate, CRL or signature, and what to do.
pki-malformed = The { $object ->
        [certificate] certificate
        [crl] certificate revocation list (CRL)
        [cms] signed document (CMS)
        [key] public key
        [xml] signed XML document
       *[signature] signature
    } cannot be read: it is damaged or not in DER/PEM form ({ $detail }). Export it again from the original file, without converting or editing it.
pki-unsupported-algorithm = The { $object ->
        [certificate] certificate
        [crl] certificate revocation list (CRL)
        [cms] signed document (CMS)
        [key] public key
        [xml] signed XML document
       *[signature] signature
    } uses algorithm { $oid }, which the hub does not verify. Sign with a key of the national CA (GOST 34.10-2015) or with RSA or ECDSA with SHA-256 or stronger.
pki-key-algorithm-mismatch = The signer's key ({ $key }) cannot have made a signature of algorithm { $signature }: the signature was made with another key or the wrong certificate was attached. Attach the certificate of the key that signed.
pki-bad-signature = The signature of the { $object ->
        [certificate] certificate
        [crl] certificate revocation list (CRL)
        [cms] signed document (CMS)
        [key] public key
        [xml] signed XML document
       *[signature] signature
    } { $name } does not match its signer's key: the data was changed after signing or the signature was not made by this signer. Do not trust this { $object ->
        [certificate] certificate
        [crl] certificate revocation list (CRL)
        [cms] signed document (CMS)
        [key] public key
        [xml] signed XML document
       *[signature] signature
    }; obtain it again from its source.
pki-cert-expired = The certificate { $subject } expired on { $not_after } (checked for { $at }). Renew the signing key at the national CA and sign again with the new one.
pki-cert-not-yet-valid = The certificate { $subject } is valid only from { $not_before } (checked for { $at }). Check the computer's clock and date, or wait until the certificate takes effect.
pki-unknown-issuer = The { $object ->
        [certificate] certificate
        [crl] certificate revocation list (CRL)
        [cms] signed document (CMS)
        [key] public key
        [xml] signed XML document
       *[signature] signature
    } { $name } was issued by { $issuer }, a certifying centre the hub does not trust or whose certificate it does not have. Use a certificate of a CA accredited in Kazakhstan, or ask the administrator to add that CA's certificates to the trust store.
pki-not-ca = The certificate { $subject } was used as an issuer but is not a certifying centre's certificate, so nothing it signed can be trusted. Use a certificate issued by a real certifying centre.
pki-path-too-long = The certificate chain is longer than the certifying centre { $subject } allows. Use a certificate issued directly by an accredited certifying centre.
pki-wrong-key-usage = The key of certificate { $subject } is not allowed for this use (key usage { $usage } is missing). Use the key the certifying centre issued for this purpose, for example the signing key rather than the authentication key.
pki-policy-not-accepted = The certificate { $subject } was not issued under a certificate policy the hub accepts (it has: { $policies }; accepted: { $required }). Sign with a certificate from an accredited certifying centre issued under one of those policies.
pki-missing-role = The certificate { $subject } does not give its holder the role { $role ->
        [individual] of a private person
        [organisation] of an organisation's representative
        [head] of the head of the organisation
        [may-sign] of an employee with the right to sign
        [financial] of a financial signatory
        [hr] of an HR officer
        [employee] of an employee
       *[other] { $oid }
    } that this action requires. Sign with the certificate the organisation obtained for that role.
pki-identity = The { $kind ->
        [iin] IIN
       *[bin] BIN
    } in the subject of certificate { $subject } is not a valid identifier ({ $code }). If this is a test certificate of the national CA, the hub must be configured to accept test identifiers; otherwise ask the certifying centre to reissue the certificate.
pki-revoked = The certificate { $subject } (serial { $serial }) was revoked on { $revoked_at }, reason: { $reason ->
        [key-compromise] the key was compromised
        [ca-compromise] the certifying centre was compromised
        [affiliation-changed] the holder's organisation changed
        [superseded] it was replaced by a new certificate
        [cessation-of-operation] the holder stopped the activity
        [certificate-hold] it is suspended
        [privilege-withdrawn] the right was withdrawn
       *[other] not given
    }. Signatures made with it after that date are not valid: sign again with a current certificate.
pki-no-crl = The hub has no certificate revocation list of { $issuer }, so it cannot tell whether the certificate was revoked. Ask the administrator to load that certifying centre's current CRL.
pki-crl-stale = The newest certificate revocation list of { $issuer } was valid until { $next_update } and is outdated for { $at }. Ask the administrator to load the current CRL from the certifying centre.
pki-crl-not-yet-valid = The certificate revocation list of { $issuer } was issued only on { $this_update }, after { $at }, so it cannot show the state at that time. Load the CRL that was in force then, or check for a later time.
pki-crl-not-newer = The certificate revocation list of { $issuer } issued on { $this_update } was not stored: the hub already holds a list of that certifying centre issued on { $held_this_update } that is as new or newer. Load the certifying centre's current CRL.
pki-cms-digest-mismatch = The signed document does not match its signature: the content was changed after signing or the wrong file was attached. Attach the exact file that was signed, or sign it again.
pki-cms-signer-not-found = The signer's certificate is neither in the signed document nor among the certificates supplied, so the signature cannot be checked. Sign again including the certificate, or attach the signer's certificate.
pki-cms-content-missing = The signature is detached and the signed content was not supplied. Send the signed file together with its signature.
pki-cms-no-signer = The signed document contains no signature. Sign it and send it again.
pki-cms-missing-attribute = The signature lacks the signed attribute { $attribute }, without which it cannot be checked. Sign again with the national CA's software (NCALayer) or another standard CMS tool.
pki-xml-malformed = The signed XML document cannot be read: it is not well-formed XML or its signature lacks a required part ({ $detail }). Sign the original document again with NCALayer and do not edit it after signing.
pki-xml-doctype = The XML document contains a DOCTYPE declaration (a DTD or entities), which the hub refuses for security reasons. Sign a document without a DOCTYPE.
pki-xml-no-signature = The XML document carries no signature (ds:Signature). Sign it with NCALayer (signXml) and send it again.
pki-xml-unsupported = The XML signature uses { $feature }, which the hub does not accept: it takes exactly one enveloped signature over the whole document, as NCALayer's signXml makes it. Sign the document again that way.
pki-xml-digest-mismatch = The signed XML document does not match its signature: its content was changed after signing. Send the document exactly as it was signed, or sign it again.
pki-read = The file or folder { $path } cannot be read ({ $detail }). Check that it exists and that the hub may read it.
pki-not-configured = This hub has no trust store: [pki] trust_dir is not set in its configuration. Set it to the folder of the accredited certifying centres' certificates and restart the hub.
pki-ocsp-unknown = The certifying centre's OCSP service does not know the certificate { $subject } (serial { $serial }), so its status cannot be confirmed. Check that the certificate was issued by an accredited certifying centre, or sign with another certificate.
pki-ocsp-invalid = The answer of the OCSP service cannot be trusted ({ $detail }), so the certificate's status is not confirmed. Try again later; if it persists, the operator should check [pki] ocsp_url.
pki-ocsp-refused = The certifying centre's OCSP service refused to answer ({ $status }), so the certificate's status is not confirmed. Try again later.
pki-ocsp-unavailable = The certifying centre's OCSP service cannot be reached ({ $detail }), so the certificate's status cannot be checked. Try again later; the operator may check [pki] ocsp_url or set [pki] ocsp_soft_fail.
