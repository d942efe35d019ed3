package nginxconf

import (
	"bytes"
	"fmt"
	"testing"
)

// benchConfig returns an nginx.conf of at least size bytes: many wss
// virtual hosts in the style of real deployments, with comments, quoted
// strings, variables, regex locations and if blocks.
func benchConfig(size int) []byte {
	var b bytes.Buffer
	b.WriteString(`user www-data;
worker_processes auto;
events { worker_connections 768; }
http {
    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }
`)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `
    # tenant %[1]d: websocket front end
    upstream backend_%[1]d {
        server 10.0.%[2]d.%[3]d:8282 max_fails=3 fail_timeout=10s;
        keepalive 16;
    }
    server {
        listen 443 ssl;
        listen [::]:443 ssl;
        server_name t%[1]d.example.com www.t%[1]d.example.com;
        ssl_certificate /etc/letsencrypt/live/t%[1]d.example.com/fullchain.pem;
        ssl_certificate_key /etc/letsencrypt/live/t%[1]d.example.com/privkey.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384;
        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
        location /ws/ {
            if ($http_upgrade != "websocket") { return 426; }
            proxy_pass http://backend_%[1]d;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 3600s; # long-lived connections
        }
        location ~* \.(?:css|js|png)$ { expires 7d; add_header Cache-Control 'public'; }
    }
`, i, i/250%250, i%250)
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// BenchmarkParse measures parsing throughput on a 4 MB configuration;
// lint has to stay above 50 MB/s end to end, so the parser needs to be
// well above that.
func BenchmarkParse(b *testing.B) {
	src := benchConfig(4 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.conf", src, Options{NoIncludes: true}); err != nil {
			b.Fatal(err)
		}
	}
}
