"""Drive v3: files, the ``q`` query language, permissions with inheritance, changes.

Every Google document (a spreadsheet, a form) is a Drive file in this one store,
whichever API created it: other APIs ask this store who may read or write a file.
"""
