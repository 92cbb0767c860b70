// Logout is a POST with the session's CSRF token (see dashboard/components/user_menu.py):
// the token comes from the _csrf_token cookie the server sets for every logged-in page.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form || form.id !== "shell-logout") {
    return;
  }
  var match = document.cookie.match(/(?:^|;\s*)_csrf_token=([^;]+)/);
  var field = form.querySelector('input[name="csrf_token"]');
  if (match && field) {
    field.value = decodeURIComponent(match[1]);
  }
}, true);
