# PKI: certificates, chains, revocation, CMS and XML signatures (R16).
