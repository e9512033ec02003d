// VoiceSite on Azure Container Apps, deployed by `azd up` (see README "Deploy to Azure").
// Creates a resource group with: Log Analytics + Application Insights, a Container Apps environment, a container
// registry, the site's user-assigned identity, Azure SQL (Entra only, the identity as administrator), Key Vault
// (Speech key, optional OpenAI keys and admin password, the data-protection certificate), Blob Storage, and the
// container app. Azure OpenAI and Speech are existing resources given by parameters.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource created here.')
param location string

@description('Set by azd after the first deploy: the container app exists, keep its image.')
param webExists bool = false

@description('Realtime endpoint, e.g. https://my-openai.openai.azure.com/openai (AZURE_OPENAI_REALTIME_ENDPOINT). Empty: realtime mode off.')
param realtimeEndpoint string = ''
param realtimeDeployment string = 'gpt-realtime'
@secure()
@description('Realtime key; leave empty to use the identity (give openAiResourceId, or openAiRealtimeResourceId).')
param realtimeKey string = ''

@description('Chat endpoint for pipeline mode, e.g. https://my-openai.openai.azure.com/ (AZURE_OPENAI_ENDPOINT).')
param chatEndpoint string = ''
param chatDeployment string = 'gpt-4o-mini'
@secure()
@description('Chat key; leave empty to use the identity (give openAiResourceId).')
param chatKey string = ''

@description('Resource id of the existing Azure OpenAI account: the identity gets Cognitive Services OpenAI User on it.')
param openAiResourceId string = ''
@description('Resource id of the realtime deployment\'s account when it is another one than openAiResourceId.')
param openAiRealtimeResourceId string = ''

@description('Region of the existing Speech resource, e.g. westeurope (AZURE_SPEECH_REGION). Empty: pipeline speech off.')
param speechRegion string = ''
@secure()
@description('Speech key. Leave empty and give speechResourceId to have the deployment copy the key into Key Vault.')
param speechKey string = ''
param speechResourceId string = ''

@description('First administrator, created at start when missing.')
param adminEmail string = ''
@secure()
param adminPassword string = ''
param allowRegistration bool = true

param minReplicas int = 1
param maxReplicas int = 10
@description('Concurrent requests (mostly live conversations: one WebSocket each) per replica before scaling out.')
param concurrentRequestsPerReplica int = 40
param containerCpu string = '1.0'
param containerMemory string = '2Gi'
param sqlSkuName string = 'S0'
param sqlSkuTier string = 'Standard'

import { vaultEntry } from 'core/vault-entries.bicep'

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
// Until azd deploys the site's image, the app runs a public placeholder (its probes fail; the deployment does not wait for them).
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
var webAppName = 'ca-web-${token}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: { location: location, tags: tags, name: 'id-web-${token}' }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: { location: location, tags: tags, logAnalyticsName: 'log-${token}', appInsightsName: 'appi-${token}' }
}

module environment 'core/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: { location: location, tags: tags, name: 'cae-${token}', logAnalyticsName: monitoring.outputs.logAnalyticsName }
}

module registry 'core/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: { location: location, tags: tags, name: 'cr${token}', pullPrincipalId: identity.outputs.principalId }
}

module keyVault 'core/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'kv-${token}'
    readerPrincipalId: identity.outputs.principalId
    speechKey: speechKey
    speechResourceId: speechResourceId
    openAiKey: chatKey
    openAiRealtimeKey: realtimeKey
    adminPassword: adminPassword
  }
}

module dataProtectionCertificate 'core/dataprotection-certificate.bicep' = {
  name: 'dataprotection-certificate'
  scope: rg
  params: { location: location, tags: tags, vaultName: keyVault.outputs.name, scriptIdentityName: 'id-deploy-${token}' }
}

module sql 'core/sql.bicep' = {
  name: 'sql'
  scope: rg
  params: {
    location: location
    tags: tags
    serverName: 'sql-${token}'
    databaseName: 'voicesite'
    skuName: sqlSkuName
    skuTier: sqlSkuTier
    administratorName: identity.outputs.name
    administratorPrincipalId: identity.outputs.principalId
    administratorClientId: identity.outputs.clientId
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'st${token}'
    containerNames: [ 'recordings', 'exports' ]
    contributorPrincipalId: identity.outputs.principalId
  }
}

// Entra access to existing Azure OpenAI accounts (in their own resource groups, possibly other subscriptions).
var noAccount = '/subscriptions/none/resourceGroups/none/providers/Microsoft.CognitiveServices/accounts/none'
var openAiParts = split(empty(openAiResourceId) ? noAccount : openAiResourceId, '/')
var realtimeParts = split(empty(openAiRealtimeResourceId) ? noAccount : openAiRealtimeResourceId, '/')

module openAiRole 'core/openai-role.bicep' = if (!empty(openAiResourceId)) {
  name: 'openai-role'
  scope: resourceGroup(openAiParts[2], openAiParts[4])
  params: { accountName: openAiParts[8], principalId: identity.outputs.principalId }
}

module realtimeRole 'core/openai-role.bicep' = if (!empty(openAiRealtimeResourceId) && toLower(openAiRealtimeResourceId) != toLower(openAiResourceId)) {
  name: 'openai-realtime-role'
  scope: resourceGroup(realtimeParts[2], realtimeParts[4])
  params: { accountName: realtimeParts[8], principalId: identity.outputs.principalId }
}

// What the vault holds once keyvault.bicep and the certificate script have run.
var vaultEntries = concat(
  [ vaultEntry.dataProtectionCertificate ],
  !empty(speechKey) || !empty(speechResourceId) ? [ vaultEntry.speechKey ] : [],
  !empty(chatKey) ? [ vaultEntry.chatKey ] : [],
  !empty(realtimeKey) ? [ vaultEntry.realtimeKey ] : [],
  !empty(adminPassword) ? [ vaultEntry.adminPassword ] : []
)

module webImage 'app/fetch-image.bicep' = {
  name: 'web-image'
  scope: rg
  params: { exists: webExists, name: webAppName }
}

module web 'app/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: webAppName
    location: location
    tags: tags
    environmentId: environment.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryServer: registry.outputs.loginServer
    image: webExists && !empty(webImage.outputs.containers) ? webImage.outputs.containers[0].image : placeholderImage
    cpu: containerCpu
    memory: containerMemory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    concurrentRequests: concurrentRequestsPerReplica
    sqlConnectionString: sql.outputs.connectionString
    allowRegistration: allowRegistration
    adminEmail: adminEmail
    realtimeEndpoint: realtimeEndpoint
    realtimeDeployment: realtimeDeployment
    chatEndpoint: chatEndpoint
    chatDeployment: chatDeployment
    speechRegion: speechRegion
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    vaultUri: keyVault.outputs.uri
    vaultEntries: vaultEntries
  }
  // The vault's secrets and certificate, and the identity's roles (Key Vault, image pull, Azure OpenAI), exist
  // before the first revision starts.
  dependsOn: [ dataProtectionCertificate, openAiRole, realtimeRole ]
}

// Read by azd (registry for the image push) and useful afterwards (`azd env get-values`).
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = environment.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_SQL_SERVER_NAME string = sql.outputs.serverName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.appInsightsConnectionString
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = web.outputs.uri
