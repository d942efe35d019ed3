# An IPv6 bind address and a route for the whole site whose backend names a path.
site "chat" {
  domain = "chat.example.com"
  listen {
    address = "[::1]"
  }
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
  }
  route "/" {
    backend = "ws://[::1]:8282/app"
  }
}
