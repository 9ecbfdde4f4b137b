package pdftext

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/rc4"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"hash"
)

// Many published reports are encrypted with an empty user password (the publisher only forbids
// copying or printing): the text can be read with the standard security handler's key for the
// empty password (PDF 32000-1 §7.6.3; ISO 32000-2 §7.6.4.3.4 for AES-256). A file that needs a
// real password stays ErrEncrypted.

// padding is the 32-byte string of §7.6.3.3, Algorithm 2, step a.
var padding = []byte{0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A}

type crypt struct {
	key        []byte
	stmAES     bool // streams: AES (V4 AESV2, or V5)
	strAES     bool
	aes256     bool // V5: the file key is used as is
	identStm   bool // the stream filter is Identity
	identStr   bool
	encMetaOff bool
}

// setupCrypt derives the key for the empty user password; false when the file needs another.
func (f *file) setupCrypt(enc dict) bool {
	filter, _ := f.get(enc[name("Filter")]).(name)
	if filter != "Standard" {
		return false
	}
	v, _ := f.get(enc[name("V")]).(int)
	r, _ := f.get(enc[name("R")]).(int)
	o, _ := f.get(enc[name("O")]).([]byte)
	u, _ := f.get(enc[name("U")]).([]byte)
	p, _ := f.get(enc[name("P")]).(int)
	length, ok := f.get(enc[name("Length")]).(int)
	if !ok {
		length = 40
	}
	c := &crypt{}
	if em, ok := f.get(enc[name("EncryptMetadata")]).(bool); ok && !em {
		c.encMetaOff = true
	}
	if v == 4 || v == 5 {
		cf, _ := f.get(enc[name("CF")]).(dict)
		method := func(key name) (aesOn, ident bool) {
			n, _ := f.get(enc[key]).(name)
			if n == "Identity" || n == "" {
				return false, true
			}
			d, _ := f.get(cf[n]).(dict)
			m, _ := f.get(d[name("CFM")]).(name)
			return m == "AESV2" || m == "AESV3", m == "None"
		}
		c.stmAES, c.identStm = method("StmF")
		c.strAES, c.identStr = method("StrF")
	}
	if v == 5 || r >= 5 {
		// AES-256: Algorithm 2.A with the empty password
		if len(u) < 48 {
			return false
		}
		ue, _ := f.get(enc[name("UE")]).([]byte)
		if !bytes.Equal(hash2B(nil, u[32:40], nil, r), u[:32]) || len(ue) < 32 {
			return false
		}
		k := hash2B(nil, u[40:48], nil, r)
		block, err := aes.NewCipher(k)
		if err != nil {
			return false
		}
		c.key = make([]byte, 32)
		cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(c.key, ue[:32])
		c.aes256 = true
		f.crypt = c
		return true
	}
	// Algorithm 2 with the empty password
	n := length / 8
	if r == 2 {
		n = 5
	}
	if n < 5 || n > 16 || len(o) < 32 {
		return false
	}
	var id0 []byte
	if ids, ok := f.get(f.trailer[name("ID")]).(array); ok && len(ids) > 0 {
		id0, _ = f.get(ids[0]).([]byte)
	}
	h := md5.New()
	h.Write(padding)
	h.Write(o[:32])
	var pb [4]byte
	binary.LittleEndian.PutUint32(pb[:], uint32(int32(p)))
	h.Write(pb[:])
	h.Write(id0)
	if r >= 4 && c.encMetaOff {
		h.Write([]byte{0xFF, 0xFF, 0xFF, 0xFF})
	}
	key := h.Sum(nil)
	if r >= 3 {
		for i := 0; i < 50; i++ {
			s := md5.Sum(key[:n])
			key = s[:]
		}
	}
	key = key[:n]
	// Algorithms 4 and 5: the key must reproduce /U (its first 16 bytes from revision 3)
	var check []byte
	if r == 2 {
		check = make([]byte, 32)
		rc, _ := rc4.NewCipher(key)
		rc.XORKeyStream(check, padding)
	} else {
		s := md5.Sum(append(append([]byte{}, padding...), id0...))
		check = s[:]
		for i := 0; i < 20; i++ {
			k := make([]byte, len(key))
			for j := range key {
				k[j] = key[j] ^ byte(i)
			}
			rc, _ := rc4.NewCipher(k)
			rc.XORKeyStream(check, check)
		}
	}
	if len(u) < 16 || !bytes.Equal(check[:16], u[:16]) {
		return false
	}
	c.key = key
	f.crypt = c
	return true
}

// hash2B is Algorithm 2.B of ISO 32000-2 (revision 6; revision 5 is its first SHA-256 only).
func hash2B(password, salt, udata []byte, r int) []byte {
	h := sha256.New()
	h.Write(password)
	h.Write(salt)
	h.Write(udata)
	k := h.Sum(nil)
	if r < 6 {
		return k
	}
	for i := 0; ; i++ {
		var k1 []byte
		for j := 0; j < 64; j++ {
			k1 = append(k1, password...)
			k1 = append(k1, k...)
			k1 = append(k1, udata...)
		}
		block, err := aes.NewCipher(k[:16])
		if err != nil {
			return nil
		}
		e := make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		var hh hash.Hash
		switch sum % 3 {
		case 0:
			hh = sha256.New()
		case 1:
			hh = sha512.New384()
		default:
			hh = sha512.New()
		}
		hh.Write(e)
		k = hh.Sum(nil)
		if i >= 63 && int(e[len(e)-1]) <= i-32 {
			break
		}
		if i > 1000 {
			break
		}
	}
	return k[:32]
}

// decrypt decrypts a string or a stream's data of object num, gen (Algorithm 1).
func (c *crypt) decrypt(num, gen int, data []byte, stream bool) []byte {
	useAES := c.strAES
	if stream {
		useAES = c.stmAES
		if c.identStm {
			return data
		}
	} else if c.identStr {
		return data
	}
	key := c.key
	if !c.aes256 {
		h := md5.New()
		h.Write(c.key)
		h.Write([]byte{byte(num), byte(num >> 8), byte(num >> 16), byte(gen), byte(gen >> 8)})
		if useAES {
			h.Write([]byte("sAlT"))
		}
		key = h.Sum(nil)[:min(len(c.key)+5, 16)]
	}
	if !useAES && !c.aes256 {
		out := make([]byte, len(data))
		rc, err := rc4.NewCipher(key)
		if err != nil {
			return data
		}
		rc.XORKeyStream(out, data)
		return out
	}
	if len(data) < 32 || len(data)%16 != 0 {
		return nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	out := make([]byte, len(data)-16)
	cipher.NewCBCDecrypter(block, data[:16]).CryptBlocks(out, data[16:])
	if p := int(out[len(out)-1]); p >= 1 && p <= 16 && p <= len(out) {
		out = out[:len(out)-p]
	}
	return out
}

// decryptStrings decrypts every string of an object loaded from the file body.
func (c *crypt) decryptStrings(num, gen int, o any, depth int) any {
	if depth > MaxDepth {
		return o
	}
	switch v := o.(type) {
	case []byte:
		return c.decrypt(num, gen, v, false)
	case array:
		for i := range v {
			v[i] = c.decryptStrings(num, gen, v[i], depth+1)
		}
	case dict:
		for k, x := range v {
			v[k] = c.decryptStrings(num, gen, x, depth+1)
		}
	case *stream:
		c.decryptStrings(num, gen, v.d, depth+1)
	}
	return o
}
