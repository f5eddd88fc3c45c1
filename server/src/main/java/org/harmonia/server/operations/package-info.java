/**
 * What operators need to run Harmonia on more than one server and to watch it: web sessions kept in the database,
 * and the Prometheus endpoint with its own access rule and Harmonia's own gauges.
 */
package org.harmonia.server.operations;
