module nianbao

go 1.25.0

require (
	codeberg.org/go-pdf/fpdf v0.12.0
	github.com/BurntSushi/toml v1.6.0
	github.com/go-text/typesetting v0.3.5
)
