// 'Cognitive Services OpenAI User' for the site's identity on an existing Azure OpenAI (or AI services) account, so
// the site calls it with Entra tokens (DefaultAzureCredential with AZURE_CLIENT_ID) instead of a key.
// Deployed at the account's resource group, which may be in another subscription.
param accountName string
param principalId string

var openAiUserRoleId = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: accountName
}

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, openAiUserRoleId)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', openAiUserRoleId)
  }
}
