// Key Vault (RBAC) for what still needs a secret: the Speech key (the site's Speech REST calls send a key), optional
// Azure OpenAI keys, the first administrator's password, and the data-protection certificate (see
// dataprotection-certificate.bicep). The site's identity reads them as Container Apps secret references.
param location string
param tags object
param name string
param readerPrincipalId string

@secure()
param speechKey string
@description('Resource id of an existing Speech (or AI services) account; its key is copied here when speechKey is empty.')
param speechResourceId string
@secure()
param openAiKey string
@secure()
param openAiRealtimeKey string
@secure()
param adminPassword string

import { vaultEntry } from 'vault-entries.bicep'

var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

var speechFromResource = empty(speechKey) && !empty(speechResourceId)
// A well-formed id even when none is given, so the (skipped) reference below still parses.
var speechIdParts = split(speechFromResource ? speechResourceId : '/subscriptions/none/resourceGroups/none/providers/Microsoft.CognitiveServices/accounts/none', '/')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

resource speechAccount 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = if (speechFromResource) {
  name: speechIdParts[8]
  scope: resourceGroup(speechIdParts[2], speechIdParts[4])
}

resource speechKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(speechKey) || speechFromResource) {
  parent: vault
  name: vaultEntry.speechKey
  properties: {
    value: speechFromResource ? speechAccount!.listKeys().key1 : speechKey
  }
}

resource openAiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(openAiKey)) {
  parent: vault
  name: vaultEntry.chatKey
  properties: {
    value: openAiKey
  }
}

resource openAiRealtimeKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(openAiRealtimeKey)) {
  parent: vault
  name: vaultEntry.realtimeKey
  properties: {
    value: openAiRealtimeKey
  }
}

resource adminPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(adminPassword)) {
  parent: vault
  name: vaultEntry.adminPassword
  properties: {
    value: adminPassword
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
