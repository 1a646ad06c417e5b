// When htmx swaps the search region, the focused link is replaced. htmx focuses the new element
// with the same id (facet and page links have stable ids); when there is none (the last page's
// "Next" is gone), the focus goes to the results heading, so a keyboard user is not sent back to
// the top of the page.
document.addEventListener("htmx:afterSettle", function () {
  var focused = document.activeElement;
  if (focused && focused !== document.body) { return; }
  var heading = document.getElementById("results-heading");
  if (heading) { heading.focus({preventScroll: true}); }
});
