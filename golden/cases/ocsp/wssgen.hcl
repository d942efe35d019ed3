# OCSP stapling, for CAs that still run OCSP responders.
site "chat" {
  domain = "chat.example.com"
  tls {
    certificate   = "/etc/ssl/chat/fullchain.pem"
    key           = "/etc/ssl/chat/privkey.pem"
    ocsp_stapling = true
    resolvers     = ["127.0.0.53", "[::1]:53"]
  }
  route "/wss" {
    backend = "127.0.0.1:8282"
  }
}
