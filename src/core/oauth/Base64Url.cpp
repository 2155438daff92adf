#include "oauth/Base64Url.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <stdexcept>

namespace deskauth::base64url {

std::string encode(const unsigned char* data, std::size_t size) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    encoder.close();
    return out.str();
}

std::string encode(const std::string& bytes) {
    return encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string decode(const std::string& text) {
    for (char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok) throw std::invalid_argument("not base64url");
    }
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string out;
    try {
        Poco::StreamCopier::copyToString(decoder, out);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument(std::string("not base64url: ") + e.what());
    }
    return out;
}

}  // namespace deskauth::base64url
