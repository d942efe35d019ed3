# Apache before 2.4.47 tunnels WebSocket with mod_proxy_wstunnel and ws:// URLs.
site "chat" {
  domain = "chat.example.com"
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
  }
  route "/wss" {
    backend = "127.0.0.1:8282"
  }
}

target "apache" {
  version = "2.4.46"
}
