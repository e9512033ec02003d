// Names of the Key Vault secrets the container app refers to, shared by keyvault.bicep, main.bicep and web.bicep.
@export()
var vaultEntry = {
  speechKey: 'azure-speech-key'
  chatKey: 'azure-openai-key'
  realtimeKey: 'azure-openai-realtime-key'
  adminPassword: 'admin-password'
  dataProtectionCertificate: 'dataprotection-certificate'
}
