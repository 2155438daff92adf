#include "redirect/PostLoginPages.h"

#include "errors/Errors.h"

#include <fstream>
#include <sstream>

namespace deskauth {
namespace {

std::string readFile(const std::string& path, const std::string& field) {
    std::ifstream in(path);
    if (!in) throw ConfigurationError(path, field, "cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void replaceAll(std::string& text, const std::string& placeholder, const std::string& value) {
    for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size())) {
        text.replace(pos, placeholder.size(), value);
    }
}

}  // namespace

PostLoginPages::PostLoginPages(const std::string& successTemplateFile, const std::string& errorTemplateFile)
    : successTemplate_(readFile(successTemplateFile, "pages.loginSuccess")),
      errorTemplate_(readFile(errorTemplateFile, "pages.loginError")) {}

std::string PostLoginPages::escapeHtml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string PostLoginPages::success() const { return successTemplate_; }

std::string PostLoginPages::error(const std::string& code, const std::string& errorId, const std::string& message) const {
    std::string page = errorTemplate_;
    replaceAll(page, "{{ERROR_CODE}}", escapeHtml(code));
    replaceAll(page, "{{ERROR_ID}}", escapeHtml(errorId));
    replaceAll(page, "{{MESSAGE}}", escapeHtml(message));
    return page;
}

}  // namespace deskauth
