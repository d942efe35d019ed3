# Aliases (one internationalised), a bind address, non-standard ports, a short
# idle timeout and no client-IP forwarding.
site "chat" {
  domain  = "chat.example.com"
  aliases = ["ws.example.com", "bücher.example"]
  listen {
    https   = 8443
    http    = 8080
    address = "127.0.0.1"
  }
  tls {
    certificate = "/etc/ssl/chat/fullchain.pem"
    key         = "/etc/ssl/chat/privkey.pem"
    acme {
      webroot = "/srv/acme"
    }
  }
  route "/wss" {
    backend           = "127.0.0.1:8282"
    idle_timeout      = "90s"
    forward_client_ip = false
  }
}
