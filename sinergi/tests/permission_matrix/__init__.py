"""The permission matrix (issue 13 item 16): every URL × every role × inside and outside scope.

- `expectations.py`: the one declared table, URL name → rule for GET and for POST;
- `fixtures.py`: the personas and one object of every kind inside and outside their scope;
- `test_matrix.py`: enumerates the URL configuration, requests every entry and reports every
  difference from the table at once.
"""
