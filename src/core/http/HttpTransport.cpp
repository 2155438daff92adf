#include "http/HttpTransport.h"

#include <Poco/String.h>
#include <Poco/URI.h>

namespace deskauth {

std::string HttpResponse::header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
        if (Poco::icompare(key, name) == 0) return value;
    }
    return {};
}

std::vector<std::string> HttpResponse::headerValues(const std::string& name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : headers) {
        if (Poco::icompare(key, name) == 0) values.push_back(value);
    }
    return values;
}

std::string formUrlEncode(const HeaderList& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        Poco::URI::encode(name, "!#$&'()*+,/:;=?@[]", body);
        body += '=';
        Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", body);
    }
    return body;
}

}  // namespace deskauth
