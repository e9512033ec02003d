// The site's container app: external ingress that carries WebSockets (transport auto, HTTP/1.1 upgrade) to any
// replica (no session affinity: the browser connects to the hub with WebSockets only and skips negotiation), an
// HTTP-concurrency scale rule, probes on the site's health endpoints, and a termination grace period long enough to
// drain live conversations.
param name string
param location string
param tags object
param environmentId string
param identityId string
param identityClientId string
param registryServer string
param image string

@description('The port the image listens on (ASPNETCORE_HTTP_PORTS in the Dockerfile).')
param targetPort int = 8080
param cpu string
param memory string
param minReplicas int
param maxReplicas int
@description('Concurrent requests per replica before another is added; each live conversation holds one WebSocket request.')
param concurrentRequests int
@description('Seconds between SIGTERM and SIGKILL; the host is told to take all but 10 of them to drain.')
@minValue(30)
@maxValue(600)
param terminationGracePeriodSeconds int = 120

param sqlConnectionString string
param allowRegistration bool
param adminEmail string
param realtimeEndpoint string
param realtimeDeployment string
param chatEndpoint string
param chatDeployment string
param speechRegion string
@description('Application Insights connection string: the site exports its traces, metrics and logs there (OpenTelemetry, Azure Monitor).')
param appInsightsConnectionString string

@description('Key Vault URI, e.g. https://kv-x.vault.azure.net/')
param vaultUri string
@description('Which of the vault entries (core/vault-entries.bicep) exist in the vault.')
param vaultEntries array

import { vaultEntry } from '../core/vault-entries.bicep'

// Container Apps secrets: Key Vault references (versionless, so a new version is picked up), read with the site's
// identity. One per vault entry that exists; the settings below refer to them by the same name.
var secrets = map(vaultEntries, entry => { name: entry, keyVaultUrl: '${vaultUri}secrets/${entry}', identity: identityId })

// The site's settings, by the environment names it reads (README "Settings"). Every name here must be one the site
// reads: VoiceSite.Tests/Deployment checks each against the configuration keys the site looks up at start.
var settingCandidates = [
  { when: true, env: { name: 'Database__Provider', value: 'SqlServer' } }
  { when: true, env: { name: 'ConnectionStrings__Default', value: sqlConnectionString } }
  { when: true, env: { name: 'AZURE_CLIENT_ID', value: identityClientId } }
  { when: contains(vaultEntries, vaultEntry.dataProtectionCertificate), env: { name: 'DataProtection__Certificate', secretRef: vaultEntry.dataProtectionCertificate } }
  { when: true, env: { name: 'DOTNET_SHUTDOWNTIMEOUTSECONDS', value: string(terminationGracePeriodSeconds - 10) } }
  { when: true, env: { name: 'Accounts__AllowRegistration', value: string(allowRegistration) } }
  { when: !empty(adminEmail), env: { name: 'Admin__Email', value: adminEmail } }
  { when: contains(vaultEntries, vaultEntry.adminPassword), env: { name: 'Admin__Password', secretRef: vaultEntry.adminPassword } }
  { when: true, env: { name: 'USE_REALTIME_API', value: string(!empty(realtimeEndpoint)) } }
  { when: !empty(realtimeEndpoint), env: { name: 'AZURE_OPENAI_REALTIME_ENDPOINT', value: realtimeEndpoint } }
  { when: !empty(realtimeEndpoint), env: { name: 'AZURE_OPENAI_REALTIME_DEPLOYMENT', value: realtimeDeployment } }
  { when: contains(vaultEntries, vaultEntry.realtimeKey), env: { name: 'AZURE_OPENAI_REALTIME_KEY', secretRef: vaultEntry.realtimeKey } }
  { when: !empty(chatEndpoint), env: { name: 'AZURE_OPENAI_ENDPOINT', value: chatEndpoint } }
  { when: !empty(chatEndpoint), env: { name: 'AZURE_OPENAI_CHAT_DEPLOYMENT', value: chatDeployment } }
  { when: contains(vaultEntries, vaultEntry.chatKey), env: { name: 'AZURE_OPENAI_KEY', secretRef: vaultEntry.chatKey } }
  { when: !empty(speechRegion), env: { name: 'AZURE_SPEECH_REGION', value: speechRegion } }
  { when: !empty(appInsightsConnectionString), env: { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString } }
  { when: contains(vaultEntries, vaultEntry.speechKey), env: { name: 'AZURE_SPEECH_KEY', secretRef: vaultEntry.speechKey } }
]

// Probes on the site's health endpoints (VoiceSite/Hosting/HealthSetup.cs). Startup allows migrations at first start;
// liveness checks the process only; readiness (database, not draining) takes a replica out of rotation quickly.
var probes = [
  {
    type: 'Startup'
    httpGet: { path: '/healthz/live', port: targetPort }
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 10
  }
  {
    type: 'Liveness'
    httpGet: { path: '/healthz/live', port: targetPort }
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: { path: '/healthz/ready', port: targetPort }
    periodSeconds: 5
    timeoutSeconds: 5
    failureThreshold: 2
    successThreshold: 1
  }
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environmentId
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: targetPort
        transport: 'auto'
        allowInsecure: false
        stickySessions: { affinity: 'none' }
      }
      registries: [
        { server: registryServer, identity: identityId }
      ]
      secrets: secrets
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'web'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: map(filter(settingCandidates, s => s.when), s => s.env)
          probes: probes
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: { concurrentRequests: string(concurrentRequests) }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'
