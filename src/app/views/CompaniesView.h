#pragma once
// The companies the user may see, in a sortable list. Double-click or Enter opens a company.
// UI thread only.
#include "data/ApiData.h"
#include "views/Spinner.h"

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>

#include <functional>
#include <vector>

namespace deskauth::app {

class CompaniesView final : public wxPanel {
public:
    explicit CompaniesView(wxWindow* parent);

    std::function<void(int companyId)> onOpenCompany;

    void showLoading();
    void showCompanies(std::vector<Company> companies);
    std::size_t count() const { return companies_.size(); }

private:
    void sortBy(int column);
    void fill();

    wxStaticText* title_;
    Spinner* spinner_;
    wxListCtrl* list_;
    std::vector<Company> companies_;
    int sortColumn_ = 0;
    bool ascending_ = true;
};

}  // namespace deskauth::app
