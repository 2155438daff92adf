#pragma once
// The pages the browser shows after a login: a branded success page and an error page with the
// error code and error ID. Loaded from HTML templates (resources/pages) with {{PLACEHOLDERS}};
// every value is HTML-escaped.
// Threads: the constructor reads the templates (blocking); success() and error() are const and
// thread-safe (listener threads).
#include <string>

namespace deskauth {

class PostLoginPages {
public:
    // Throws ConfigurationError when a template cannot be read.
    PostLoginPages(const std::string& successTemplateFile, const std::string& errorTemplateFile);

    std::string success() const;
    std::string error(const std::string& code, const std::string& errorId, const std::string& message) const;

    static std::string escapeHtml(const std::string& text);

private:
    std::string successTemplate_;
    std::string errorTemplate_;
};

}  // namespace deskauth
