"""CSV upload on the apps host, import status, export and download (facts §5.1, §7)."""
