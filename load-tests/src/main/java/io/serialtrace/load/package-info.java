/** Reserved for this module's issue; see the module's pom description. */
package io.serialtrace.load;
