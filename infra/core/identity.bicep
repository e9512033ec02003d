// The user-assigned identity the site runs as: it pulls the image, reads Key Vault secrets, is the SQL Entra
// administrator, writes blobs and (when resource ids are given) calls Azure OpenAI without a key.
param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
