// The certificate that protects the data-protection key ring at rest. ARM cannot create a Key Vault certificate, so a
// deployment script (Azure CLI, its own identity with 'Key Vault Certificates Officer' on this vault only) creates it
// once. The site reads it as a secret (base64 PFX) through a Container Apps secret reference.
param location string
param tags object
param vaultName string
param scriptIdentityName string

import { vaultEntry } from 'vault-entries.bicep'

var certificateName = vaultEntry.dataProtectionCertificate

var certificatesOfficerRoleId = 'a4417e6f-fecd-4de8-b567-7b0420556985'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource scriptIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: scriptIdentityName
  location: location
  tags: tags
}

resource certificatesOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, scriptIdentity.id, certificatesOfficerRoleId)
  scope: vault
  properties: {
    principalId: scriptIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', certificatesOfficerRoleId)
  }
}

resource script 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'create-${certificateName}'
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${scriptIdentity.id}': {} }
  }
  properties: {
    azCliVersion: '2.67.0'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
    timeout: 'PT15M'
    environmentVariables: [
      { name: 'VAULT', value: vault.name }
      { name: 'CERT', value: certificateName }
    ]
    scriptContent: loadTextContent('dataprotection-certificate.sh')
  }
  dependsOn: [ certificatesOfficer ]
}

output scriptName string = script.name
