#include "views/Theme.h"

#include <cmath>

namespace deskauth::app::theme {

wxString dollars(double amount) {
    long long whole = std::llround(amount);
    const bool negative = whole < 0;
    std::string digits = std::to_string(negative ? -whole : whole);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return wxString::FromUTF8((negative ? "-$" : "$") + digits);
}

}  // namespace deskauth::app::theme
