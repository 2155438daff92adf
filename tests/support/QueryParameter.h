#pragma once
// One query parameter of a URL (the authorization request a test browser was sent to, a redirect
// it received), decoded; nullopt when the URL has none of that name. Any thread.
#include <optional>
#include <string>

namespace deskauth::test {

std::optional<std::string> queryParameter(const std::string& url, const std::string& name);

}  // namespace deskauth::test
