// Azure SQL with Entra-only authentication: the site's identity is the server's Entra administrator, so there is no
// password anywhere. The connection string names the identity by its client id.
param location string
param tags object
param serverName string
param databaseName string
param skuName string
param skuTier string
param administratorName string
param administratorPrincipalId string
param administratorClientId string

resource server 'Microsoft.Sql/servers@2021-11-01' = {
  name: serverName
  location: location
  tags: tags
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      azureADOnlyAuthentication: true
      login: administratorName
      principalType: 'Application'
      sid: administratorPrincipalId
      tenantId: tenant().tenantId
    }
  }
}

// Container Apps without a virtual network reach the server as an Azure service.
resource allowAzure 'Microsoft.Sql/servers/firewallRules@2021-11-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2021-11-01' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
}

output serverName string = server.name
output databaseName string = database.name
output connectionString string = 'Server=tcp:${server.properties.fullyQualifiedDomainName},1433;Database=${database.name};Authentication=Active Directory Managed Identity;User Id=${administratorClientId};Encrypt=True;TrustServerCertificate=False;Connection Timeout=60'
