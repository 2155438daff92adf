#include "views/CompaniesView.h"

#include "views/Theme.h"

#include <wx/sizer.h>

#include <algorithm>

namespace deskauth::app {
namespace {

enum Column { Name, Region, Target, Investment, Investors };

}  // namespace

CompaniesView::CompaniesView(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("view.companies");
    title_ = new wxStaticText(this, wxID_ANY, "Companies");
    title_->SetFont(theme::scaled(this, 1.5, true));
    spinner_ = new Spinner(this);
    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    list_->SetName("companies.list");
    list_->AppendColumn("Name", wxLIST_FORMAT_LEFT, FromDIP(260));
    list_->AppendColumn("Region", wxLIST_FORMAT_LEFT, FromDIP(120));
    list_->AppendColumn("Target", wxLIST_FORMAT_RIGHT, FromDIP(140));
    list_->AppendColumn("Investment", wxLIST_FORMAT_RIGHT, FromDIP(140));
    list_->AppendColumn("Investors", wxLIST_FORMAT_RIGHT, FromDIP(100));
    auto* hint = new wxStaticText(this, wxID_ANY, "Double-click a company, or select it and press Enter, to see its transactions. "
                                                  "Click a column heading to sort.");
    hint->SetForegroundColour(theme::muted());

    auto* heading = new wxBoxSizer(wxHORIZONTAL);
    heading->Add(title_, wxSizerFlags().CenterVertical());
    heading->Add(spinner_, wxSizerFlags().CenterVertical().Border(wxLEFT, 12));
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(heading, wxSizerFlags().Border(wxALL, 16));
    column->Add(list_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT, 16));
    column->Add(hint, wxSizerFlags().Border(wxALL, 16));
    SetSizer(column);

    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& event) {
        const auto index = static_cast<std::size_t>(event.GetIndex());
        if (index < companies_.size() && onOpenCompany) onOpenCompany(companies_[index].id);
    });
    list_->Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& event) { sortBy(event.GetColumn()); });
}

void CompaniesView::showLoading() {
    spinner_->Show();
    spinner_->Start();
    Layout();
}

void CompaniesView::showCompanies(std::vector<Company> companies) {
    spinner_->Stop();
    spinner_->Hide();
    companies_ = std::move(companies);
    sortColumn_ = Name;
    ascending_ = true;
    sortBy(-1);
    title_->SetLabel(wxString::Format("Companies (%zu)", companies_.size()));
    Layout();
    if (!companies_.empty()) {
        list_->SetItemState(0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
        list_->SetFocus();
    }
}

void CompaniesView::sortBy(int column) {
    if (column >= 0) {
        ascending_ = column == sortColumn_ ? !ascending_ : true;
        sortColumn_ = column;
    }
    auto key = [this](const Company& a, const Company& b) {
        switch (sortColumn_) {
        case Region: return std::tie(a.region, a.name) < std::tie(b.region, b.name);
        case Target: return a.targetUsd < b.targetUsd;
        case Investment: return a.investmentUsd < b.investmentUsd;
        case Investors: return a.noInvestors < b.noInvestors;
        default: return a.name < b.name;
        }
    };
    std::stable_sort(companies_.begin(), companies_.end(),
                     [&](const Company& a, const Company& b) { return ascending_ ? key(a, b) : key(b, a); });
    fill();
}

void CompaniesView::fill() {
    list_->Freeze();
    list_->DeleteAllItems();
    for (std::size_t i = 0; i < companies_.size(); ++i) {
        const auto& c = companies_[i];
        const long row = list_->InsertItem(static_cast<long>(i), wxString::FromUTF8(c.name));
        list_->SetItem(row, Region, wxString::FromUTF8(c.region));
        list_->SetItem(row, Target, theme::dollars(c.targetUsd));
        list_->SetItem(row, Investment, theme::dollars(c.investmentUsd));
        list_->SetItem(row, Investors, wxString::Format("%d", c.noInvestors));
    }
    list_->Thaw();
}

}  // namespace deskauth::app
