-- TRUNCATE skips row-level delete triggers: refuse it on every table of trial data as well.
create trigger subject_counter_no_truncate before truncate on subject_counter for each statement execute function refuse_delete();
create trigger subject_no_truncate before truncate on subject for each statement execute function refuse_delete();
create trigger visit_record_no_truncate before truncate on visit_record for each statement execute function refuse_delete();
create trigger form_record_no_truncate before truncate on form_record for each statement execute function refuse_delete();
create trigger expedited_report_no_truncate before truncate on expedited_report for each statement execute function refuse_delete();
create trigger data_query_no_truncate before truncate on data_query for each statement execute function refuse_delete();
create trigger app_user_no_truncate before truncate on app_user for each statement execute function refuse_delete();
create trigger role_assignment_no_truncate before truncate on role_assignment for each statement execute function refuse_delete();
create trigger api_token_no_truncate before truncate on api_token for each statement execute function refuse_delete();
create trigger randomisation_setup_no_truncate before truncate on randomisation_setup for each statement execute function refuse_delete();
create trigger randomisation_slot_no_truncate before truncate on randomisation_slot for each statement execute function refuse_delete();
create trigger kit_no_truncate before truncate on kit for each statement execute function refuse_delete();
create trigger allocation_no_truncate before truncate on allocation for each statement execute function refuse_delete();
create trigger emergency_unblinding_no_truncate before truncate on emergency_unblinding for each statement execute function refuse_delete();
create trigger notification_no_truncate before truncate on notification for each statement execute function refuse_delete();
