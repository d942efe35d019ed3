# Mozilla "modern": TLS 1.3 only, no TLS 1.2 cipher list.
site "chat" {
  domain = "chat.example.com"
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
    profile     = "modern"
  }
  route "/wss" {
    backend = "127.0.0.1:8282"
  }
}

target "nginx" {
  version = "1.22.1"
  openssl = "3.0"
}
