"""What people see of incidents: the DSO's card and forms, the list, the reporter's cards."""
